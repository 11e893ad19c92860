// The shop header: logo, product search, cart with count, 我的订单, 消息中心 bell with the unread
// count, user menu, language.
import { ShoppingCartOutlined } from '@ant-design/icons';
import { Badge, Flex, Grid, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCart } from '../api/cart.js';
import { isStaff, useUser } from '../api/session.js';
import { LinkButton } from './AppLink.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NoticeBell } from './NoticeBell.js';
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
  const [value, setValue] = useState(q);
  useEffect(() => setValue(q), [q]);
  return (
    <Input.Search
      value={value}
      onChange={(e) => setValue(e.target.value)}
      placeholder={t('header.searchPlaceholder')}
      aria-label={t('header.searchPlaceholder')}
      enterButton={t('common.search')}
      allowClear
      maxLength={60}
      onSearch={(v) => {
        const text = v.trim();
        void navigate(text ? `/?q=${encodeURIComponent(text)}` : '/');
      }}
    />
  );
}

export function AppHeader() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const user = useUser();
  const shopper = user?.role === 'shopper';
  const cart = useCart(shopper);
  const cartCount = shopper ? (cart.data?.items.reduce((n, i) => n + i.quantity, 0) ?? 0) : 0;

  const staff = isStaff(user);
  const nav = (
    <Flex align="center" gap={phone ? 0 : 4} style={{ flex: '0 0 auto' }}>
      {staff && (
        <LinkButton type="text" size="small" to="/staff" style={{ paddingInline: phone ? 4 : 8 }}>
          {t('header.staff')}
        </LinkButton>
      )}
      {!staff && (
        <>
          <LinkButton
            type="text"
            size="small"
            to="/cart"
            style={{ paddingInline: phone ? 4 : 8 }}
            icon={
              <Badge count={cartCount} size="small" offset={[2, -2]} color="#ff5000">
                <ShoppingCartOutlined style={{ fontSize: 16 }} />
              </Badge>
            }
          >
            {t('header.cart')}
          </LinkButton>
          <LinkButton
            type="text"
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
    </Flex>
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
          <Flex vertical gap={8}>
            <Flex align="center" justify="space-between" gap={4}>
              <Logo />
              {nav}
            </Flex>
            <SearchBox />
          </Flex>
        ) : (
          <Flex align="center" gap={24}>
            <Logo />
            <div style={{ flex: 1, maxWidth: 560 }}>
              <SearchBox />
            </div>
            <div style={{ flex: 1 }} />
            {nav}
          </Flex>
        )}
      </div>
    </header>
  );
}
