// The checkout's coupons: one choice per shop and one platform coupon, the best preselected by
// the server; changing a choice prices the checkout again.
import { Card, Flex, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { useLocalized } from '../ui/format.js';

type Coupon = Quote['coupons'][number];

function CouponChoice({
  title,
  coupons,
  chosen,
  onChange,
}: {
  title: string;
  coupons: Coupon[];
  chosen: number | null;
  onChange: (id: number | null) => void;
}) {
  const { t } = useTranslation();
  const { pick, label } = useLocalized();
  return (
    <Radio.Group
      aria-label={title}
      value={chosen ?? 0}
      onChange={(e) => onChange(e.target.value === 0 ? null : Number(e.target.value))}
    >
      <Flex vertical gap={6}>
        <Typography.Text strong>{title}</Typography.Text>
        {coupons.map((c) => (
          <Radio key={c.id} value={c.id} disabled={!c.usable}>
            {pick(c.title, c.titleEn)} · {label(c.terms)}
            {c.usable ? ` (-${formatYuan(c.discountFen)})` : ` (${t('coupons.notReached')})`}
          </Radio>
        ))}
        <Radio value={0}>{t('coupons.none')}</Radio>
      </Flex>
    </Radio.Group>
  );
}

export function CheckoutCoupons({
  quote,
  selected,
  onChange,
}: {
  quote: Quote;
  /** The shopper's choice, shown at once while the checkout is priced again. */
  selected: number[];
  onChange: (couponIds: number[]) => void;
}) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  if (quote.coupons.length === 0) return null;
  const chosen = new Set(selected);
  const pickedOf = (list: Coupon[]) => list.find((c) => chosen.has(c.id))?.id ?? null;
  // Replace the choice within one group (a shop, or the platform) and keep the others.
  const change = (group: Coupon[], id: number | null) => {
    const others = selected.filter((c) => !group.some((g) => g.id === c));
    onChange(id === null ? others : [...others, id]);
  };
  const platform = quote.coupons.filter((c) => c.scope === 'platform');
  return (
    <Card size="small" title={t('coupons.checkoutTitle')}>
      <Flex vertical gap={12}>
        {quote.orders.map((o) => {
          const list = quote.coupons.filter((c) => c.scope === 'shop' && c.shopId === o.shop.id);
          if (list.length === 0) return null;
          return (
            <CouponChoice
              key={o.shop.id}
              title={t('coupons.shopCoupon', { shop: pick(o.shop.name, o.shop.nameEn) })}
              coupons={list}
              chosen={pickedOf(list)}
              onChange={(id) => change(list, id)}
            />
          );
        })}
        {platform.length > 0 && (
          <CouponChoice
            title={t('coupons.platformCoupon')}
            coupons={platform}
            chosen={pickedOf(platform)}
            onChange={(id) => change(platform, id)}
          />
        )}
      </Flex>
    </Card>
  );
}
