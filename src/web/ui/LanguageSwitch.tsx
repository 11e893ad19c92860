// 中文 / EN switch. Sets cookie btp_lang (so server messages follow) and the account locale.
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { saveLocale, useUser } from '../api/session.js';
import { setLang } from '../i18n/index.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const en = i18n.language === 'en';
  const next = en ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      size="small"
      lang={en ? 'zh-CN' : 'en'}
      title={en ? t('header.switchToZh') : t('header.switchToEn')}
      onClick={() => {
        setLang(next);
        if (user) void saveLocale(next);
      }}
      style={{ fontWeight: 600, paddingInline: 6 }}
    >
      {en ? '中文' : 'EN'}
    </Button>
  );
}
