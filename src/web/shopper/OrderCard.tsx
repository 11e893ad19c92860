// One order in 我的订单: shop, number, status, lines, total. Built without antd (lite/).
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderSummary, RefundDetail } from '../../contracts/index.js';
import { LinkButton } from '../lite/Button.js';
import { Card } from '../lite/Card.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { OrderLines } from '../ui/OrderLines.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { Price } from '../ui/Price.js';
import { RefundStatusTag } from '../ui/refund-text.js';
import { RefundLink } from './RefundLink.js';

const rule = '1px solid #f0f0f0';

/**
 * `refunds` (退款售后 tab): the order's refunds, each linking to its page; an order whose refunds
 * are not at hand shows its refund status and links to the order.
 */
export function OrderCard({ order, refunds }: { order: OrderSummary; refunds?: RefundDetail[] }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const paid = order.paidFen > 0;
  return (
    <Card>
      <div
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}
      >
        <strong className="btp-ellipsis" style={{ fontWeight: 600, minWidth: 0 }}>
          {pick(order.shop.name, order.shop.nameEn)}
        </strong>
        <OrderStatusTag status={order.status} preparing={order.preparing} />
      </div>
      <div className="lt-muted lt-small">
        {t('orders.orderNo')}：
        <Link to={`/orders/${order.orderNo}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {order.orderNo}
        </Link>
        {'  '}
        {formatDateTime(order.createdAt)}
      </div>
      <Link to={`/orders/${order.orderNo}`} style={{ color: 'inherit', display: 'block' }}>
        <OrderLines lines={order.lines} />
      </Link>
      {refunds && (refunds.length > 0 || order.refundStatus) && (
        <div
          style={{ display: 'flex', flexDirection: 'column', borderTop: rule, paddingBlock: 4 }}
          aria-label={t('detail.refunds')}
          role="group"
        >
          {refunds.length > 0 ? (
            refunds.map((r) => <RefundLink key={r.id} refund={r} compact />)
          ) : (
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, paddingBlock: 4 }}>
              <span className="lt-muted">{t('detail.refunds')}</span>
              <RefundStatusTag status={order.refundStatus ?? ''} />
            </div>
          )}
        </div>
      )}
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 8,
          flexWrap: 'wrap',
          borderTop: rule,
          paddingTop: 8,
        }}
      >
        <span>
          <span className="lt-muted" style={{ marginInlineEnd: 6 }}>
            {t('orders.itemCount', { count: order.itemCount })} ·{' '}
            {paid ? t('orders.total') : t('orders.payable')}
          </span>
          <Price fen={paid ? order.paidFen : order.payableFen} size="medium" />
        </span>
        <LinkButton size="small" round to={`/orders/${order.orderNo}`}>
          {t('orders.viewDetail')}
        </LinkButton>
      </div>
    </Card>
  );
}
