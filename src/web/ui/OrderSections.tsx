// The parts of an order's detail page shared by shoppers and staff: lines, amounts, payment,
// delivery, receiver, timeline.
import { Card, Descriptions, Flex, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { carrierLabel } from './carriers.js';
import { formatDateTime, useLocalized } from './format.js';
import { OrderLines } from './OrderLines.js';
import { OrderNo } from './OrderNo.js';
import { Price } from './Price.js';
import { OrderTimeline } from './Timeline.js';

function Rows({ items }: { items: DescriptionsProps['items'] }) {
  return (
    <Descriptions
      column={1}
      size="small"
      items={items}
      styles={{ label: { width: 96, color: 'rgba(0,0,0,0.6)' } }}
    />
  );
}

export function LinesCard({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const { pick } = useLocalized();
  return (
    <Card size="small" title={pick(order.shop.name, order.shop.nameEn)}>
      <OrderLines lines={order.lines} />
      <Flex vertical gap={4} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('detail.goods')}</Typography.Text>
          <Typography.Text>{formatYuan(order.goodsFen)}</Typography.Text>
        </Flex>
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('detail.discount')}</Typography.Text>
          <Typography.Text>
            {order.discountFen > 0 ? `-${formatYuan(order.discountFen)}` : formatYuan(0)}
          </Typography.Text>
        </Flex>
        <Flex justify="space-between">
          <Typography.Text type="secondary">{t('detail.shipping')}</Typography.Text>
          <Typography.Text>{formatYuan(order.shippingFen)}</Typography.Text>
        </Flex>
        <Flex justify="space-between" align="baseline">
          <Typography.Text strong>
            {order.paidFen > 0 ? t('detail.paid') : t('detail.payable')}
          </Typography.Text>
          <Price fen={order.paidFen > 0 ? order.paidFen : order.payableFen} size="medium" />
        </Flex>
      </Flex>
    </Card>
  );
}

export function OrderInfoCard({ order }: { order: OrderDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { payment, shipment, receiver } = order;
  return (
    <Card size="small">
      <Flex vertical gap={8}>
        <OrderNo orderNo={order.orderNo} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('orders.createdAt')}：{formatDateTime(order.createdAt)}
        </Typography.Text>
        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          {t('detail.payment')}
        </Typography.Title>
        <Rows
          items={[
            {
              key: 'channel',
              label: t('detail.channel'),
              children: payment.channel ? t(`channel.${payment.channel}`) : t('detail.unpaid'),
            },
            ...(payment.paidAt
              ? [
                  {
                    key: 'paidAt',
                    label: t('detail.paidAt'),
                    children: formatDateTime(payment.paidAt),
                  },
                ]
              : []),
          ]}
        />
        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          {t('detail.shipment')}
        </Typography.Title>
        {shipment.carrier || shipment.trackingNo ? (
          <Rows
            items={[
              {
                key: 'carrier',
                label: t('detail.carrier'),
                children: carrierLabel(shipment.carrier ?? '', en),
              },
              {
                key: 'trackingNo',
                label: t('detail.trackingNo'),
                children: shipment.trackingNo ? (
                  <Typography.Text copyable>{shipment.trackingNo}</Typography.Text>
                ) : null,
              },
              ...(shipment.shippedAt
                ? [
                    {
                      key: 'shippedAt',
                      label: t('detail.shippedAt'),
                      children: formatDateTime(shipment.shippedAt),
                    },
                  ]
                : []),
              ...(shipment.deliveredAt
                ? [
                    {
                      key: 'deliveredAt',
                      label: t('detail.deliveredAt'),
                      children: formatDateTime(shipment.deliveredAt),
                    },
                  ]
                : []),
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('detail.notShipped')}</Typography.Text>
        )}
        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          {t('detail.receiver')}
        </Typography.Title>
        <Rows
          items={[
            { key: 'name', label: t('detail.receiverName'), children: receiver.name },
            { key: 'phone', label: t('detail.receiverPhone'), children: receiver.phone },
            { key: 'address', label: t('detail.receiverAddress'), children: receiver.address },
          ]}
        />
      </Flex>
    </Card>
  );
}

export function TimelineCard({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('detail.timeline')}>
      <OrderTimeline entries={order.timeline} />
    </Card>
  );
}
