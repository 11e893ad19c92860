// /orders/:orderNo/cancelled: 订单取消成功 / 部分商品已取消 / 取消申请已提交, with what happens
// next (refund amount, where it goes, when it arrives; or the merchant's deadline), then
// 查看订单 and 返回我的订单. Right after cancelling the dialog's answer is in the route state;
// opened later (reload, shared link) the same is read from the order.
import { Card, Descriptions, Flex, Result, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import type { OrderDetail, RefundView } from '../../contracts/index.js';
import { formatYuan } from '../../domain/money.js';
import { useOrder } from '../api/orders.js';
import { LinkButton } from '../ui/AppLink.js';
import { ErrorAlert, PageSkeleton } from '../ui/feedback.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { OrderNo } from '../ui/OrderNo.js';
import type { CancelResultState } from './CancelOrderDialog.js';
import { pendingRequestOf } from './OrderCancellation.js';
import { ContactSupportButton } from '../support/ContactSupportButton.js';

type Kind = 'cancelled' | 'partial' | 'requested' | 'none';

interface Outcome {
  kind: Kind;
  refund: {
    id: number | null;
    amountFen: number;
    channel: string | null;
    review: boolean;
  } | null;
  expectedText: { zh: string; en: string } | null;
  expectedRange: { earliest: string; latest: string } | null;
  slaDeadline: string | null;
  slaHours: number | null;
}

function fromState(s: CancelResultState): Outcome {
  const { response } = s;
  const refund: RefundView | null = response.refund;
  const kind: Kind =
    response.result === 'requested'
      ? 'requested'
      : response.order.status === 'cancelled'
        ? 'cancelled'
        : 'partial';
  return {
    kind,
    refund: refund
      ? {
          id: refund.id,
          amountFen: refund.amountFen,
          channel: refund.channel,
          review: refund.status === 'pending_review',
        }
      : null,
    expectedText: s.expected,
    expectedRange: refund
      ? { earliest: refund.expectedEarliest, latest: refund.expectedLatest }
      : null,
    slaDeadline: response.request?.slaDeadline ?? null,
    slaHours: s.slaHours,
  };
}

/** The latest cancellation as the order's timeline tells it. */
function fromOrder(order: OrderDetail): Outcome {
  const pending = pendingRequestOf(order);
  const newest = [...order.timeline].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const refundEvent = newest.find((e) => e.kind === 'refund.created');
  const partial = newest.find((e) => e.kind === 'order.partially_cancelled');
  const kind: Kind = pending
    ? 'requested'
    : order.status === 'cancelled'
      ? 'cancelled'
      : partial
        ? 'partial'
        : 'none';
  const amount = refundEvent?.data['amountFen'];
  const channel = refundEvent?.data['channel'];
  const refundId = refundEvent?.data['refundId'];
  return {
    kind,
    refund:
      refundEvent && typeof amount === 'number'
        ? {
            id: typeof refundId === 'number' ? refundId : null,
            amountFen: amount,
            channel: typeof channel === 'string' ? channel : null,
            review: refundEvent.data['status'] === 'pending_review',
          }
        : null,
    expectedText: null,
    expectedRange: null,
    slaDeadline: pending?.slaDeadline ?? null,
    slaHours: null,
  };
}

export function CancelResultPage() {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const orderNo = useParams().orderNo ?? '';
  const location = useLocation();
  const state = (location.state as CancelResultState | null) ?? null;
  const fresh = state?.response.order.orderNo === orderNo ? state : null;
  const order = useOrder(orderNo);

  if (!fresh) {
    if (order.isPending) return <PageSkeleton rows={6} />;
    if (order.isError)
      return <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  }
  const outcome = fresh ? fromState(fresh) : fromOrder(order.data as OrderDetail);

  const title =
    outcome.kind === 'requested'
      ? t('cancel.resultRequested')
      : outcome.kind === 'partial'
        ? t('cancel.resultPartial')
        : outcome.kind === 'cancelled'
          ? t('cancel.resultCancelled')
          : t('cancel.resultNone');

  const rows: NonNullable<DescriptionsProps['items']> = [];
  if (outcome.kind === 'requested') {
    if (outcome.slaDeadline)
      rows.push({
        key: 'deadline',
        label: t('cancel.requestDeadline'),
        children: formatDateTime(outcome.slaDeadline),
      });
  } else if (outcome.refund && outcome.refund.amountFen > 0) {
    rows.push({
      key: 'amount',
      label: t('cancel.refundAmount'),
      children: (
        <Typography.Text strong style={{ color: '#c73c00' }}>
          {formatYuan(outcome.refund.amountFen)}
        </Typography.Text>
      ),
    });
    if (outcome.refund.channel)
      rows.push({
        key: 'channel',
        label: t('cancel.refundTo'),
        children: t(`channel.${outcome.refund.channel}`, { defaultValue: outcome.refund.channel }),
      });
    if (outcome.expectedText || outcome.expectedRange)
      rows.push({
        key: 'expected',
        label: t('cancel.expected'),
        children: (
          <Flex vertical>
            {outcome.expectedText && <span>{label(outcome.expectedText)}</span>}
            {outcome.expectedRange && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('cancel.latestBy', { time: formatDateTime(outcome.expectedRange.latest) })}
              </Typography.Text>
            )}
          </Flex>
        ),
      });
  }

  const next: string[] = [];
  if (outcome.kind === 'requested') {
    next.push(
      outcome.slaHours !== null
        ? t('cancel.requestNext', { hours: outcome.slaHours })
        : t('cancel.requestNextNoHours'),
    );
    next.push(t('cancel.requestAfter'));
  } else if (outcome.kind !== 'none') {
    if (outcome.refund && outcome.refund.amountFen > 0) {
      next.push(outcome.refund.review ? t('cancel.review') : t('cancel.refundAuto'));
      next.push(t('cancel.lateRefund'));
    } else {
      next.push(t('cancel.noRefundNeeded'));
    }
    next.push(t('cancel.checkStatus'));
  }

  return (
    <Card>
      <Result
        status={outcome.kind === 'requested' ? 'info' : 'success'}
        title={
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
        }
        subTitle={<OrderNo orderNo={orderNo} />}
        extra={
          <Flex gap={8} justify="center" wrap className="btp-actions">
            <LinkButton type="primary" to={`/orders/${orderNo}`}>
              {t('cancel.viewOrder')}
            </LinkButton>
            {outcome.kind !== 'requested' && typeof outcome.refund?.id === 'number' && (
              <LinkButton to={`/refunds/${outcome.refund.id}`}>{t('detail.viewRefund')}</LinkButton>
            )}
            <LinkButton to="/orders">{t('cancel.backToOrders')}</LinkButton>
            <ContactSupportButton orderNo={orderNo} />
          </Flex>
        }
        style={{ paddingInline: 0 }}
      >
        <Flex vertical gap={12} style={{ maxWidth: 520, margin: '0 auto' }}>
          {rows.length > 0 && (
            <Descriptions
              column={1}
              size="small"
              bordered
              items={rows}
              styles={{ label: { width: 110 } }}
            />
          )}
          {next.length > 0 && (
            <div>
              <Typography.Text strong>{t('cancel.whatNext')}</Typography.Text>
              <ul style={{ margin: '6px 0 0', paddingInlineStart: 20 }}>
                {next.map((line) => (
                  <li key={line}>
                    <Typography.Text>{line}</Typography.Text>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Flex>
      </Result>
    </Card>
  );
}
