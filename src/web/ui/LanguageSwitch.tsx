// 中文 / EN switch. Sets cookie btp_lang (so server messages follow) and the account locale.
// Built without antd (lite/): it is in the shop header and the staff console's.
import { useTranslation } from 'react-i18next';
import { saveLocale, useUser } from '../api/session.js';
import { setLang } from '../i18n/index.js';
import { Button } from '../lite/Button.js';
import { toast } from '../lite/toast.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const en = i18n.language === 'en';
  const next = en ? 'zh-CN' : 'en';
  return (
    <Button
      variant="text"
      size="small"
      lang={en ? 'zh-CN' : 'en'}
      title={en ? t('header.switchToZh') : t('header.switchToEn')}
      onClick={() => {
        setLang(next).then(
          () => (user ? void saveLocale(next) : undefined),
          // The English chunk could not be fetched (offline): stay as we are.
          () => toast(t('common.networkError'), 'error'),
        );
      }}
      style={{ fontWeight: 600, paddingInline: 6 }}
    >
      {en ? '中文' : 'EN'}
    </Button>
  );
}
