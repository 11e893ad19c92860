// 离线: shown under the shop header while the page shows copies kept by the service worker
// (or the browser has no network), so the shopper knows why nothing can be changed now.
import { useTranslation } from 'react-i18next';
import { OfflineIcon } from '../lite/icons.js';
import { useOffline } from './status.js';

export function OfflineBanner() {
  const { t } = useTranslation();
  const offline = useOffline();
  if (!offline) return null;
  return (
    <div role="status" className="btp-offline-banner">
      <OfflineIcon />
      <strong>{t('offline.badge')}</strong>
      <span>{t('offline.explain')}</span>
    </div>
  );
}
