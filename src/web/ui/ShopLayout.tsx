// Page frame for shoppers: sticky header, centred content, footer.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { AppHeader } from './AppHeader.js';

export function ShopLayout() {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppHeader />
      <main className="btp-container" style={{ flex: 1, paddingBlock: 16, width: '100%' }}>
        <Outlet />
      </main>
      <footer style={{ textAlign: 'center', padding: '24px 12px' }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('app.footer')} · <Link to="/contact">{t('support.contactUs')}</Link>
        </Typography.Text>
      </footer>
    </div>
  );
}
