// The signed-in user's menu (orders, 消息中心, account, console, 退出登录), or 登录 / 注册 links.
import { DownOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Flex } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api/client.js';
import { isStaff, useLogout, useUser } from '../api/session.js';
import { LinkButton } from './AppLink.js';

export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();

  if (!user) {
    const here = location.pathname + location.search;
    const redirect = here.startsWith('/login') || here.startsWith('/register') ? '' : here;
    const qs = redirect && redirect !== '/' ? `?redirect=${encodeURIComponent(redirect)}` : '';
    return (
      <Flex gap={0} align="center">
        <LinkButton type="link" size="small" to={`/login${qs}`}>
          {t('header.login')}
        </LinkButton>
        {!compact && (
          <LinkButton type="link" size="small" to="/register">
            {t('header.register')}
          </LinkButton>
        )}
      </Flex>
    );
  }

  const items: MenuProps['items'] = [
    ...(isStaff(user)
      ? [{ key: 'staff', label: t('header.staff') }]
      : [
          { key: 'orders', label: t('header.orders') },
          { key: 'messages', label: t('notices.title') },
          { key: 'after-sales', label: t('afterSales.menu') },
          { key: 'support-messages', label: t('support.myMessages') },
          { key: 'account', label: t('header.account') },
        ]),
    { type: 'divider' as const },
    { key: 'logout', label: t('header.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'staff') void navigate('/staff');
    if (key === 'orders') void navigate('/orders');
    if (key === 'messages') void navigate('/messages');
    if (key === 'after-sales') void navigate('/after-sales');
    if (key === 'support-messages') void navigate('/support/messages');
    if (key === 'account') void navigate('/me');
    if (key === 'logout') {
      logout.mutate(undefined, {
        onSuccess: () => {
          void message.success(t('header.loggedOut'));
          void navigate('/');
        },
        onError: (err) => void message.error(errorMessage(err)),
      });
    }
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" size="small" icon={<UserOutlined />} style={{ paddingInline: 6 }}>
        <span
          style={{
            maxWidth: compact ? 64 : 120,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
            display: 'inline-block',
            verticalAlign: 'bottom',
          }}
        >
          {user.displayName}
        </span>
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
