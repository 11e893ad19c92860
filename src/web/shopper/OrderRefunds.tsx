// An order's refunds as links to their 退款详情 pages: the 退款信息 card on the order detail and
// the rows on 退款售后 order cards.
import { RightOutlined } from '@ant-design/icons';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail, RefundDetail } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { useRefunds } from '../api/refunds.js';
import { formatDateTime } from '../ui/format.js';
import { Price } from '../ui/Price.js';
import { refundDestinationText, RefundStatusTag } from '../ui/refund-text.js';

/** One refund: amount and status, where it goes, when; the whole row links to its page. */
export function RefundLink({
  refund,
  compact = false,
}: {
  refund: RefundDetail;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const status = t(`refund.status.${refund.status}`);
  return (
    <Link
      to={`/refunds/${refund.id}`}
      aria-label={`${t('detail.refundOf', { amount: formatYuan(refund.amountFen), status })} · ${t('detail.viewRefund')}`}
      style={{ color: 'inherit', display: 'block' }}
    >
      <Flex
        align="center"
        justify="space-between"
        gap={8}
        style={{ paddingBlock: compact ? 4 : 8 }}
      >
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Flex align="center" gap={8} wrap>
            <RefundStatusTag status={refund.status} />
            <Price fen={refund.amountFen} size="small" />
          </Flex>
          {!compact && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {refundDestinationText(refund, t)} · {formatDateTime(refund.createdAt)}
            </Typography.Text>
          )}
        </Flex>
        {/* Inside the link already: a span, not a nested anchor. */}
        <span style={{ flex: '0 0 auto', whiteSpace: 'nowrap', color: '#ff5000' }}>
          {t('detail.viewRefund')} <RightOutlined style={{ fontSize: 10 }} />
        </span>
      </Flex>
    </Link>
  );
}

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
