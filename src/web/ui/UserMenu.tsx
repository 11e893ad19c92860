// The signed-in user's menu (orders, 消息中心, account, console, 退出登录), or 登录 / 注册 links.
// Built without antd (lite/): a menu button whose entries are links.
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api/client.js';
import { isStaff, useLogout, useUser } from '../api/session.js';
import { buttonClass, LinkButton } from '../lite/Button.js';
import { DownIcon, UserIcon } from '../lite/icons.js';
import { MenuButton, type MenuEntry } from '../lite/MenuButton.js';
import { toast } from '../lite/toast.js';

export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();

  if (!user) {
    const here = location.pathname + location.search;
    const redirect = here.startsWith('/login') || here.startsWith('/register') ? '' : here;
    const qs = redirect && redirect !== '/' ? `?redirect=${encodeURIComponent(redirect)}` : '';
    return (
      <span style={{ display: 'inline-flex', alignItems: 'center' }}>
        <LinkButton variant="link" size="small" to={`/login${qs}`}>
          {t('header.login')}
        </LinkButton>
        {!compact && (
          <LinkButton variant="link" size="small" to="/register">
            {t('header.register')}
          </LinkButton>
        )}
      </span>
    );
  }

  const entries: MenuEntry[] = [
    ...(isStaff(user)
      ? [{ key: 'staff', label: t('header.staff'), to: '/staff' }]
      : [
          { key: 'orders', label: t('header.orders'), to: '/orders' },
          { key: 'messages', label: t('notices.title'), to: '/messages' },
          { key: 'after-sales', label: t('afterSales.menu'), to: '/after-sales' },
          { key: 'support-messages', label: t('support.myMessages'), to: '/support/messages' },
          { key: 'account', label: t('header.account'), to: '/me' },
        ]),
    { divider: true, key: 'divider' },
    {
      key: 'logout',
      label: t('header.logout'),
      danger: true,
      onSelect: () =>
        logout.mutate(undefined, {
          onSuccess: () => {
            toast(t('header.loggedOut'));
            void navigate('/');
          },
          onError: (err) => toast(errorMessage(err), 'error'),
        }),
    },
  ];
  return (
    <MenuButton
      entries={entries}
      className={buttonClass(
        { variant: 'text', size: 'small' },
        compact ? 'btp-user-button btp-user-button-compact' : 'btp-user-button',
      )}
    >
      <UserIcon style={{ fontSize: 15 }} />
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
      {/* On a phone the room goes to the name rather than the caret. */}
      {!compact && <DownIcon style={{ fontSize: 10 }} />}
    </MenuButton>
  );
}
