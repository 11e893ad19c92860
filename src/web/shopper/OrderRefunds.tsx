// 退款信息 on the order detail: the order's refunds as links to their 退款详情 pages.
import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../contracts/index.js';
import { useRefunds } from '../api/refunds.js';
import { RefundLink } from './RefundLink.js';

/** 退款信息 on the order detail: shown once the order has had a refund. */
export function RefundsCard({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const hasRefund =
    order.refundStatus !== null || order.timeline.some((e) => e.kind === 'refund.created');
  const refunds = useRefunds(order.orderNo, hasRefund);
  const items = refunds.data?.items ?? [];
  if (!hasRefund || items.length === 0) return null;
  return (
    <Card size="small" title={t('detail.refunds')} styles={{ body: { paddingBlock: 4 } }}>
      <Flex vertical>
        {items.map((r, i) => (
          <div key={r.id} style={{ borderTop: i > 0 ? '1px solid #f0f0f0' : undefined }}>
            <RefundLink refund={r} />
          </div>
        ))}
      </Flex>
    </Card>
  );
}
