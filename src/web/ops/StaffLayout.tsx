// The staff console frame: side menu by role (collapses on phone), header with language and
// 退出登录. Shoppers and visitors are sent to /login.
import {
  AuditOutlined,
  BarChartOutlined,
  GiftOutlined,
  ReconciliationOutlined,
  CustomerServiceOutlined,
  FileSearchOutlined,
  FormOutlined,
  MessageOutlined,
  MailOutlined,
  MenuOutlined,
  MoneyCollectOutlined,
  ProfileOutlined,
  SettingOutlined,
  ShopOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Grid, Layout, Menu, Result, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { UserView } from '../../contracts/index.js';
import { errorMessage } from '../api/client.js';
import { useLogout, useUser } from '../api/session.js';
import { Logo } from '../ui/AppHeader.js';
import { RequireUser } from '../ui/guards.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';

export const STAFF_ROLES: UserView['role'][] = ['merchant', 'agent', 'operator'];

export function staffHome(user: UserView): string {
  return user.role === 'merchant' ? '/staff/orders' : '/staff/mailbox';
}

function menuFor(user: UserView, t: (k: string) => string): MenuProps['items'] {
  const items: NonNullable<MenuProps['items']> = [];
  if (user.role === 'merchant') {
    items.push({ key: '/staff/orders', icon: <ProfileOutlined />, label: t('staff.menuOrders') });
    items.push({
      key: '/staff/cancellation-requests',
      icon: <StopOutlined />,
      label: t('staff.menuCancellations'),
    });
    items.push({
      key: '/staff/after-sales',
      icon: <CustomerServiceOutlined />,
      label: t('afterSales.staff.menu'),
    });
  }
  if (user.role === 'merchant' || user.role === 'operator') {
    items.push({
      key: '/staff/refunds',
      icon: <MoneyCollectOutlined />,
      label: t('staff.menuRefunds'),
    });
  }
  if (user.role === 'operator' || user.role === 'agent') {
    items.push({
      key: '/staff/support/chats',
      icon: <MessageOutlined />,
      label: t('support.staff.menuChats'),
    });
    items.push({
      key: '/staff/support/board',
      icon: <FormOutlined />,
      label: t('support.staff.menuBoard'),
    });
    items.push({ key: '/staff/mailbox', icon: <MailOutlined />, label: t('staff.menuMailbox') });
    items.push({
      key: '/staff/failed-notices',
      icon: <WarningOutlined />,
      label: t('notices.failed.menu'),
    });
  }
  if (user.role === 'operator' || user.role === 'agent') {
    items.push(
      { key: '/staff/search', icon: <FileSearchOutlined />, label: t('ops.menu.search') },
      { key: '/staff/audit', icon: <AuditOutlined />, label: t('ops.menu.audit') },
    );
  }
  if (user.role === 'operator' || user.role === 'merchant') {
    items.push({
      key: '/staff/dashboards',
      icon: <BarChartOutlined />,
      label: t('ops.menu.dashboards'),
    });
  }
  if (user.role === 'operator' || user.role === 'merchant') {
    items.push({
      key: '/staff/coupons',
      icon: <GiftOutlined />,
      label: t('staffCoupons.menu'),
    });
  }
  if (user.role === 'operator') {
    items.push({
      key: '/staff/statements',
      icon: <ReconciliationOutlined />,
      label: t('ops.menu.statements'),
    });
  }
  if (user.role === 'operator' || user.role === 'merchant') {
    items.push({
      key: '/staff/settings',
      icon: <SettingOutlined />,
      label: t('staff.menuSettings'),
    });
  }
  items.push({ key: '/', icon: <ShopOutlined />, label: t('staff.backToShop') });
  return items;
}

function StaffFrame() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [collapsed, setCollapsed] = useState(true);
  if (!user) return null;
  const selected =
    [
      '/staff/mailbox',
      '/staff/failed-notices',
      '/staff/cancellation-requests',
      '/staff/after-sales',
      '/staff/refunds',
      '/staff/settings',
      '/staff/search',
      '/staff/audit',
      '/staff/dashboards',
      '/staff/statements',
      '/staff/coupons',
      '/staff/support/chats',
      '/staff/support/board',
    ].find((k) => location.pathname.startsWith(k)) ?? '/staff/orders';
  const title = user.role === 'merchant' ? t('staff.merchantTitle') : t('staff.opsTitle');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: '#fff',
          borderBottom: '2px solid #ff5000',
          paddingInline: phone ? 12 : 24,
          height: 56,
          lineHeight: '56px',
          position: 'sticky',
          top: 0,
          zIndex: 30,
        }}
      >
        <Flex align="center" justify="space-between" gap={8} style={{ height: '100%' }}>
          <Flex align="center" gap={4}>
            {phone && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('staff.menu')}
                aria-expanded={!collapsed}
                onClick={() => setCollapsed((c) => !c)}
              />
            )}
            <Logo suffix={phone ? undefined : title} />
          </Flex>
          <Flex align="center" gap={4} style={{ minWidth: 0 }}>
            {!phone && (
              <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                {user.displayName}
              </Typography.Text>
            )}
            <LanguageSwitch />
            <Button
              size="small"
              type="text"
              loading={logout.isPending}
              onClick={() =>
                logout.mutate(undefined, {
                  onSuccess: () => void navigate('/login', { replace: true }),
                  onError: (err) => void message.error(errorMessage(err)),
                })
              }
            >
              {t('header.logout')}
            </Button>
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout hasSider style={{ position: 'relative' }}>
        <Layout.Sider
          theme="light"
          breakpoint="md"
          collapsedWidth={phone ? 0 : 64}
          collapsed={phone ? collapsed : false}
          onCollapse={(c) => setCollapsed(c)}
          trigger={null}
          width={200}
          style={
            phone
              ? {
                  position: 'absolute',
                  insetBlock: 0,
                  insetInlineStart: 0,
                  zIndex: 20,
                  boxShadow: collapsed ? undefined : '2px 0 12px rgba(0,0,0,0.15)',
                }
              : undefined
          }
        >
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={menuFor(user, t)}
            onClick={({ key }) => {
              if (phone) setCollapsed(true);
              void navigate(key);
            }}
            style={{ borderInlineEnd: 0, paddingTop: 8 }}
          />
        </Layout.Sider>
        <Layout.Content
          style={{ padding: phone ? 10 : 20, minWidth: 0 }}
          onClick={() => {
            if (phone && !collapsed) setCollapsed(true);
          }}
        >
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function StaffLayout() {
  return (
    <RequireUser roles={STAFF_ROLES}>
      <StaffFrame />
    </RequireUser>
  );
}

/** /staff: each role's first page. */
export function StaffIndex() {
  const user = useUser();
  return user ? <Navigate to={staffHome(user)} replace /> : null;
}

/** A console page for some staff roles only; others see why they cannot use it. */
export function RoleGate({ roles, children }: { roles: UserView['role'][]; children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!user || !roles.includes(user.role)) {
    return <Result status="403" title="403" subTitle={t('staff.forbidden')} />;
  }
  return <>{children}</>;
}
