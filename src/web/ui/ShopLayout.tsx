// Page frame for shoppers: sticky header, centred content, footer. Built without antd (see
// antd/scope.tsx): pages that use antd get its providers from PageOutlet.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageOutlet } from '../antd/scope.js';
import { OfflineBanner } from '../offline/OfflineBanner.js';
import { AppHeader } from './AppHeader.js';

export function ShopLayout() {
  const { t } = useTranslation();
  return (
    <div
      className="btp-shop"
      style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}
    >
      <AppHeader />
      <OfflineBanner />
      <main className="btp-container" style={{ flex: 1, paddingBlock: 16, width: '100%' }}>
        <PageOutlet />
      </main>
      <footer style={{ textAlign: 'center', padding: '24px 12px' }}>
        <span className="lt-muted lt-small">
          {t('app.footer')} · <Link to="/contact">{t('support.contactUs')}</Link>
        </span>
      </footer>
    </div>
  );
}
