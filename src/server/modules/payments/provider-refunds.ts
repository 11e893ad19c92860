import { desc, eq, sql } from 'drizzle-orm';
import { spreadDashboardRefund } from '../../../domain/dashboard-refund.js';
import { audit } from '../../platform/audit.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import {
  orderLines,
  payments,
  refunds,
  unmatchedProviderRefunds,
} from '../../platform/db/schema/index.js';
import type { ChannelRefund } from '../../platform/payment-channels/channel-provider.js';
import type { PaymentChannel } from '../../platform/payment-provider/payment-provider.js';
import type { AppOutbox } from '../../events.js';
import { lockOrder } from '../orders/lock.js';
import { addTimeline, SYSTEM_ACTOR } from '../orders/timeline.js';
import { capturedPayment, channelRefundReport } from '../refunds/channel-refunds.js';
import { createRefund } from '../refunds/create.js';
import { applyProviderRefund } from '../refunds/provider-sync.js';

type PaymentRow = typeof payments.$inferSelect;

/**
 * A refund the merchant made in the provider's own dashboard, which the provider notified us of
 * under its own number: recorded against the order as a refund of that payment (so it counts in
 * the order's refunds, the shopper sees it, and the timeline and audit trail say where it came
 * from), and, when it is the order's own payment, spread over the order lines' refunded_fen
 * (domain/dashboard-refund.ts). Named by the provider's key, so a later notify of the same refund
 * moves that record. Runs under the order's lock; the caller has deduplicated the notify.
 */
export async function recordDashboardRefund(
  tx: Tx,
  outbox: AppOutbox,
  input: { payment: PaymentRow; refund: ChannelRefund; amountFen: number; rail: PaymentChannel },
  now: Date,
): Promise<'recorded' | 'applied' | 'noop'> {
  const { payment, refund, amountFen, rail } = input;
  const { order } = await lockOrder(tx, { id: payment.orderId }, { any: true });
  const report = channelRefundReport(refund, refund.idempotencyKey, amountFen, rail);
  const [known] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(eq(refunds.providerRefundId, refund.idempotencyKey));
  if (known) {
    const applied = await applyProviderRefund(tx, outbox, report, now);
    return applied === 'applied' ? 'applied' : 'noop';
  }
  const created = await createRefund(tx, outbox, SYSTEM_ACTOR, now, {
    orderId: order.id,
    shopperId: order.shopperId,
    shopId: order.shopId,
    cancellationId: null,
    amountFen,
    channel: rail,
    review: { review: false, reasons: [] },
    paymentId: payment.id,
    origin: 'provider_dashboard',
  });
  // Already at the provider: named by its key, never submitted by us.
  await tx
    .update(refunds)
    .set({
      providerKey: refund.idempotencyKey,
      providerRefundId: refund.idempotencyKey,
      submittedAt: now,
    })
    .where(eq(refunds.id, created.id));
  // Money of the payment that paid the order comes off its lines (a double payment's does not:
  // it was never the order's).
  if ((await capturedPayment(tx, order.id))?.id === payment.id) {
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id));
    const moves = spreadDashboardRefund(lines, amountFen);
    if (moves.length > 0)
      await tx.execute(sql`UPDATE order_lines AS l SET refunded_fen = l.refunded_fen + v.r
        FROM unnest(${sql.param(moves.map((m) => m.lineId))}::bigint[],
          ${sql.param(moves.map((m) => m.refundFen))}::bigint[]) AS v(id, r)
        WHERE l.id = v.id`);
  }
  await addTimeline(tx, order.id, 'payment.dashboard_refund', SYSTEM_ACTOR, now, {
    refundId: created.id,
    amountFen,
    provider: payment.provider,
  });
  await audit(tx, {
    actorId: null,
    actorRole: 'system',
    action: 'refund.dashboard_recorded',
    entityType: 'refund',
    entityId: created.id,
    orderId: order.id,
    after: {
      provider: payment.provider,
      providerRefundKey: refund.idempotencyKey,
      amountFen,
      status: refund.status,
    },
  });
  await applyProviderRefund(tx, outbox, report, now);
  return 'recorded';
}

/**
 * A refund notify that names no payment of ours: kept for staff (with an audit row), so it is
 * looked into rather than lost. One row per notify event.
 */
export async function recordUnmatchedRefund(
  tx: Tx,
  input: { provider: string; eventId: string; refund: ChannelRefund },
  now: Date,
): Promise<void> {
  const { provider, eventId, refund } = input;
  const [row] = await tx
    .insert(unmatchedProviderRefunds)
    .values({
      provider,
      eventId,
      merchantOrderNo: refund.merchantOrderNo,
      refundKey: refund.idempotencyKey,
      providerRefundId: refund.providerRefundId,
      amountFen: refund.amountFen,
      status: refund.status,
      receivedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: unmatchedProviderRefunds.id });
  if (!row) return;
  await audit(tx, {
    actorId: null,
    actorRole: 'system',
    action: 'refund.unmatched_notify',
    entityType: 'provider_refund',
    entityId: row.id,
    after: {
      provider,
      merchantOrderNo: refund.merchantOrderNo,
      refundKey: refund.idempotencyKey,
      amountFen: refund.amountFen,
      status: refund.status,
    },
  });
}

/** Staff's list of provider refunds that matched no order, newest first. */
export async function unmatchedRefunds(db: Executor, limit = 200) {
  return db
    .select()
    .from(unmatchedProviderRefunds)
    .orderBy(desc(unmatchedProviderRefunds.receivedAt), desc(unmatchedProviderRefunds.id))
    .limit(limit);
}
