// The checkout's amounts, priced by the server with the same rules that will place the order.
import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../../contracts/index.js';
import { Price } from '../ui/Price.js';

function Row({ label, fen, minus = false }: { label: string; fen: number; minus?: boolean }) {
  return (
    <Flex justify="space-between">
      <Typography.Text type="secondary">{label}</Typography.Text>
      <span>
        {minus && fen > 0 ? '-' : ''}
        <Price fen={fen} size="small" muted />
      </span>
    </Flex>
  );
}

export function CheckoutTotals({
  quote: q,
  goodsFen,
}: {
  quote: Quote | undefined;
  goodsFen: number;
}) {
  const { t } = useTranslation();
  const couponFen = q ? q.orders.reduce((n, o) => n + o.shopCouponFen + o.platformCouponFen, 0) : 0;
  const sum = (pick: (o: NonNullable<typeof q>['orders'][number]) => number) =>
    (q?.orders ?? []).reduce((n, o) => n + pick(o), 0);
  return (
    <Flex vertical gap={8}>
      <Row label={t('checkout.goods')} fen={q ? sum((o) => o.goodsFen) : goodsFen} />
      {q ? (
        <>
          <Row label={t('checkout.discount')} fen={sum((o) => o.promoDiscountFen)} minus />
          {couponFen > 0 && <Row label={t('coupons.discount')} fen={couponFen} minus />}
          <Row label={t('checkout.shipping')} fen={sum((o) => o.shippingFen)} />
        </>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('checkout.pricing')}
        </Typography.Text>
      )}
      {q && q.problems.length > 0 && (
        <Alert type="warning" showIcon title={t('checkout.unavailable')} />
      )}
      <Flex justify="space-between" align="baseline">
        <Typography.Text strong>
          {t(q ? 'checkout.payable' : 'checkout.goodsTotal')}
        </Typography.Text>
        <Price fen={q ? q.totalFen : goodsFen} size="large" />
      </Flex>
    </Flex>
  );
}
