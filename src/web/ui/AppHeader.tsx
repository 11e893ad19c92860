// The shop header: logo, product search, cart with count, 我的订单, 消息中心 bell with the unread
// count, user menu, language.
// Built without antd (lite/): it is on every shopper page, the first one included.
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCart } from '../api/cart.js';
import { isStaff, useUser } from '../api/session.js';
import { Badge } from '../lite/Badge.js';
import { LinkButton } from '../lite/Button.js';
import { CartIcon } from '../lite/icons.js';
import { useWide } from '../lite/useWide.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NoticeBell } from './NoticeBell.js';
import { SearchField } from './SearchField.js';
import { UserMenu } from './UserMenu.js';

export function Logo({ suffix }: { suffix?: string }) {
  return (
    <Link
      to="/"
      style={{
        color: '#ff5000',
        fontWeight: 800,
        fontSize: 22,
        letterSpacing: 1,
        whiteSpace: 'nowrap',
      }}
    >
      B特派
      {suffix ? (
        <span
          style={{ color: 'rgba(0,0,0,0.65)', fontWeight: 500, fontSize: 14, marginInlineStart: 8 }}
        >
          {suffix}
        </span>
      ) : null}
    </Link>
  );
}

function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  return (
    <SearchField
      value={q}
      label={t('header.searchPlaceholder')}
      placeholder={t('header.searchPlaceholder')}
      buttonText={t('common.search')}
      onSearch={(text) => void navigate(text ? `/?q=${encodeURIComponent(text)}` : '/')}
    />
  );
}

export function AppHeader() {
  const { t } = useTranslation();
  const phone = !useWide();
  const user = useUser();
  const shopper = user?.role === 'shopper';
  const cart = useCart(shopper);
  const cartCount = shopper ? (cart.data?.items.reduce((n, i) => n + i.quantity, 0) ?? 0) : 0;

  const staff = isStaff(user);
  const nav = (
    // It may shrink (styles.css .btp-header-nav): the user menu's name gives way, so the row
    // fits a 360 px phone whatever the name.
    <div
      className="btp-header-nav"
      style={{ display: 'flex', alignItems: 'center', gap: phone ? 0 : 4, minWidth: 0 }}
    >
      {staff && (
        <LinkButton
          variant="text"
          size="small"
          to="/staff"
          style={{ paddingInline: phone ? 4 : 8 }}
        >
          {t('header.staff')}
        </LinkButton>
      )}
      {!staff && (
        <>
          <LinkButton
            variant="text"
            size="small"
            to="/cart"
            // On a phone the icon alone (the row must fit 360 px); its name stays for readers.
            aria-label={phone ? t('header.cart') : undefined}
            style={{ paddingInline: phone ? 4 : 8 }}
            icon={
              <Badge count={cartCount} color="#c73c00">
                <CartIcon style={{ fontSize: 16 }} />
              </Badge>
            }
          >
            {phone ? null : t('header.cart')}
          </LinkButton>
          <LinkButton
            variant="text"
            size="small"
            to="/orders"
            style={{ paddingInline: phone ? 4 : 8 }}
          >
            {t('header.orders')}
          </LinkButton>
          {shopper && <NoticeBell compact={phone} />}
        </>
      )}
      <UserMenu compact={phone} />
      <LanguageSwitch />
    </div>
  );

  return (
    <header
      style={{
        background: '#fff',
        borderBottom: '2px solid #ff5000',
        position: 'sticky',
        top: 0,
        zIndex: 100,
      }}
    >
      <div className="btp-container" style={{ paddingBlock: phone ? 8 : 12 }}>
        {phone ? (
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            <div
              style={{
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'space-between',
                gap: 4,
              }}
            >
              <Logo />
              {nav}
            </div>
            <SearchBox />
          </div>
        ) : (
          <div style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
            <Logo />
            <div style={{ flex: 1, maxWidth: 560 }}>
              <SearchBox />
            </div>
            <div style={{ flex: 1 }} />
            {nav}
          </div>
        )}
      </div>
    </header>
  );
}
