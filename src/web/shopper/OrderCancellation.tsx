// The order detail's cancellation parts: the 取消订单 / 申请取消 button exactly when the server's
// options allow it, why not, a pending request with its countdown, a
// rejected request's reason, and 再次购买 once cancelled. Shipped orders get 申请售后 instead
// (OrderAfterSales).
import { Alert, Button, Flex } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CancellationOptions, OrderDetail } from '../../contracts/index.js';
import { useCancellationOptions } from '../api/cancellation.js';
import { reasonLabel } from '../ui/cancel-reasons.js';
import { formatDateTime, useLocalized } from '../ui/format.js';
import { formatCountdown, useNow } from '../ui/useNow.js';
import { BuyAgainButton } from './BuyAgainDialog.js';

// The dialog (with its form controls) is fetched when first opened, not with the order page.
const CancelOrderDialog = lazy(() =>
  import('./CancelOrderDialog.js').then((m) => ({ default: m.CancelOrderDialog })),
);

type Request = NonNullable<OrderDetail['cancellationRequest']>;

/** The open 申请取消 (the order's latest request while it waits for the merchant), if any. */
export function pendingRequestOf(order: OrderDetail): Request | null {
  const r = order.cancellationRequest;
  return r?.status === 'pending' ? r : null;
}

/** The merchant's reason when the latest request was rejected. */
function lastRejection(order: OrderDetail): string | null {
  const r = order.cancellationRequest;
  return r?.status === 'rejected' ? (r.decisionReason ?? '') : null;
}

/** Whether to ask the server at all: a cancelled order has nothing to cancel. */
export function useOrderCancellation(order: OrderDetail | undefined) {
  const client = useQueryClient();
  const orderNo = order?.orderNo ?? '';
  const state = order ? `${order.status}:${order.preparing}:${order.paidFen}` : '';
  // Paid, being prepared, shipped: what can be cancelled changes with the order.
  const seen = useRef(state);
  useEffect(() => {
    if (seen.current === state) return;
    const first = seen.current === '';
    seen.current = state;
    if (!first && state) void client.invalidateQueries({ queryKey: ['cancellation', orderNo] });
  }, [client, orderNo, state]);
  return useCancellationOptions(orderNo, '', !!order && order.status !== 'cancelled');
}

/** 取消订单 / 申请取消 (and its dialog), or 再次购买 for a cancelled order. */
export function CancelActions({
  order,
  options,
}: {
  order: OrderDetail;
  options: CancellationOptions | undefined;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const accent = { color: '#c73c00', fontWeight: 600 };
  if (order.status === 'cancelled') {
    return <BuyAgainButton orderNo={order.orderNo} style={accent} />;
  }
  if (!options || options.mode === null) return null;
  return (
    <>
      <Button size="large" ghost onClick={() => setOpen(true)}>
        {options.mode === 'request' ? t('cancel.requestCancel') : t('cancel.cancelOrder')}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <CancelOrderDialog order={order} options={options} onClosed={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

function PendingRequest({ request }: { request: Request }) {
  const { t } = useTranslation();
  const { en } = useLocalized();
  const now = useNow();
  const deadline = request.slaDeadline;
  const left = Date.parse(deadline) - now;
  const units = request.selection.reduce((n, s) => n + s.quantity, 0);
  const reason = reasonLabel(request.reasonCode, en);
  return (
    <Alert
      type="info"
      showIcon
      role="status"
      title={t('cancel.pendingBanner', { time: formatDateTime(deadline) })}
      description={
        <Flex vertical gap={2}>
          <span>
            {t('cancel.pendingWhat', {
              scope: request.whole
                ? t('cancel.pendingWhole')
                : t('cancel.pendingPartial', { count: units }),
              reason: request.reasonText
                ? t('timeline.reasonWithText', { label: reason, text: request.reasonText })
                : reason,
            })}
          </span>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>
            {left > 0
              ? t('cancel.pendingLeft', { left: formatCountdown(left) })
              : t('cancel.pendingOverdue')}
          </span>
        </Flex>
      }
    />
  );
}

/** Notices under the status banner. */
export function CancelNotices({
  order,
  options,
}: {
  order: OrderDetail;
  options: CancellationOptions | undefined;
}) {
  const { t } = useTranslation();
  const { label } = useLocalized();
  const pending = pendingRequestOf(order);
  const rejection = pending ? null : lastRejection(order);
  // Shipped or completed: the after-sales section (OrderAfterSales) says what can be done now.
  const afterSales =
    options?.mode === null &&
    (options.blockedBy === 'shipped' || options.blockedBy === 'completed');
  return (
    <>
      {pending && <PendingRequest request={pending} />}
      {rejection !== null && order.status !== 'cancelled' && (
        <Alert
          type="warning"
          showIcon
          title={t('cancel.rejectedBanner', { reason: rejection })}
          description={t('cancel.rejectedHelp')}
        />
      )}
      {afterSales && options.blockedText && (
        // Says why the order can no longer be cancelled; the after-sales section below offers
        // what can be done instead.
        <Alert
          type="info"
          showIcon
          title={t('cancel.blockedTitle')}
          description={label(options.blockedText)}
        />
      )}
      {options?.mode === null &&
        !afterSales &&
        options.blockedBy !== 'request_pending' &&
        options.blockedBy !== 'already_cancelled' &&
        options.blockedText && <Alert type="info" showIcon title={label(options.blockedText)} />}
    </>
  );
}
