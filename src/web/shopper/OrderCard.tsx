// One order in 我的订单: shop, number, status, lines, total.
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderSummary, RefundDetail } from '../../contracts/index.js';
import { LinkButton } from '../ui/AppLink.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { OrderStatusTag } from '../ui/OrderStatusTag.js';
import { Price } from '../ui/Price.js';
import { OrderLines } from '../ui/OrderLines.js';
import { RefundStatusTag } from '../ui/refund-text.js';
import { RefundLink } from './OrderRefunds.js';

/**
 * `refunds` (退款售后 tab): the order's refunds, each linking to its page; an order whose refunds
 * are not at hand shows its refund status and links to the order.
 */
export function OrderCard({ order, refunds }: { order: OrderSummary; refunds?: RefundDetail[] }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  const paid = order.paidFen > 0;
  return (
    <Card size="small" styles={{ body: { paddingBlock: 8 } }}>
      <Flex align="center" justify="space-between" gap={8}>
        <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
          {pick(order.shop.name, order.shop.nameEn)}
        </Typography.Text>
        <OrderStatusTag status={order.status} preparing={order.preparing} />
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('orders.orderNo')}：
        <Link to={`/orders/${order.orderNo}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {order.orderNo}
        </Link>
        {'  '}
        {formatDateTime(order.createdAt)}
      </Typography.Text>
      <Link to={`/orders/${order.orderNo}`} style={{ color: 'inherit', display: 'block' }}>
        <OrderLines lines={order.lines} />
      </Link>
      {refunds && (refunds.length > 0 || order.refundStatus) && (
        <Flex
          vertical
          style={{ borderTop: '1px solid #f0f0f0', paddingBlock: 4 }}
          aria-label={t('detail.refunds')}
          role="group"
        >
          {refunds.length > 0 ? (
            refunds.map((r) => <RefundLink key={r.id} refund={r} compact />)
          ) : (
            <Flex align="center" gap={8} style={{ paddingBlock: 4 }}>
              <Typography.Text type="secondary">{t('detail.refunds')}</Typography.Text>
              <RefundStatusTag status={order.refundStatus ?? ''} />
            </Flex>
          )}
        </Flex>
      )}
      <Flex
        align="center"
        justify="space-between"
        gap={8}
        wrap
        style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}
      >
        <span>
          <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
            {t('orders.itemCount', { count: order.itemCount })} ·{' '}
            {paid ? t('orders.total') : t('orders.payable')}
          </Typography.Text>
          <Price fen={paid ? order.paidFen : order.payableFen} size="medium" />
        </span>
        <LinkButton size="small" shape="round" to={`/orders/${order.orderNo}`}>
          {t('orders.viewDetail')}
        </LinkButton>
      </Flex>
    </Card>
  );
}
