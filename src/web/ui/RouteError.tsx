// Shown if a page throws while rendering or its code cannot be fetched (offline, or a new
// version replaced the files): a friendly message, never a stack trace. Built without antd
// (lite/): it replaces the shop frame, which has none either.
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { Button, LinkButton } from '../lite/Button.js';
import { ErrorIcon } from '../lite/icons.js';

/** A lazily loaded page whose chunk did not arrive. */
function isChunkLoadError(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    /dynamically imported module|Importing a module script failed/i.test(err.message)
  );
}

export function RouteError() {
  const { t } = useTranslation();
  const chunk = isChunkLoadError(useRouteError());
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        gap: 16,
        padding: '48px 16px',
        textAlign: 'center',
      }}
    >
      <ErrorIcon style={{ fontSize: 56, color: '#cf1322' }} />
      <h1 className="lt-title">{chunk ? t('app.pageLoadFailed') : t('common.serverError')}</h1>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', justifyContent: 'center' }}>
        {chunk && (
          <Button variant="primary" onClick={() => window.location.reload()}>
            {t('app.reload')}
          </Button>
        )}
        <LinkButton variant={chunk ? 'default' : 'primary'} to="/">
          {t('app.backHome')}
        </LinkButton>
      </div>
    </div>
  );
}
