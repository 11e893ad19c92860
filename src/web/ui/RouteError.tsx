// Shown if a page throws while rendering: a friendly message, never a stack trace.
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { LinkButton } from './AppLink.js';

export function RouteError() {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('common.serverError')}
      extra={
        <LinkButton type="primary" to="/">
          {t('app.backHome')}
        </LinkButton>
      }
    />
  );
}
