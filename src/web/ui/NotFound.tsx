import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { LinkButton } from './AppLink.js';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <LinkButton type="primary" to="/">
          {t('app.backHome')}
        </LinkButton>
      }
    />
  );
}
