import { and, eq, sql } from 'drizzle-orm';
import type { CancellationPlan, PlanLine, PlanOrder } from '../../../domain/cancellation-plan.js';
import { auditRow } from '../../platform/audit.js';
import type { Tx } from '../../platform/db/client.js';
import {
  auditLog,
  cancellationLines,
  cancellationRequests,
  cancellations,
  orderEvents,
  orders,
  payments,
  refundEvents,
  refunds,
} from '../../platform/db/schema/index.js';
import { WriteBatch } from '../../platform/db/write-batch.js';
import type { AppOutbox } from '../../events.js';
import { writeCouponReturns } from '../coupons/returns.js';
import { releaseStock } from '../orders/stock.js';
import { refundRow } from '../refunds/create.js';

/**
 * Writes a plan: one WriteBatch, sent as one statement. Nothing in it is read back; the variants
 * are locked (in id order) by the stock update itself. A caller with a last write of its own in
 * the same transaction (the stored Idempotency-Key answer) passes its batch as `writeWith`: the
 * plan joins it and goes out with it, when the caller runs it, in the same statement.
 */
export async function persistCancellation(
  tx: Tx,
  outbox: AppOutbox,
  plan: CancellationPlan<PlanOrder, PlanLine>,
  requestId: string | undefined,
  writeWith?: WriteBatch,
): Promise<void> {
  const batch = writeWith ?? new WriteBatch();
  if (plan.newRequest) batch.insert(cancellationRequests, plan.newRequest);
  if (plan.cancellation) batch.insert(cancellations, plan.cancellation);
  if (plan.cancellationLines.length > 0) batch.insert(cancellationLines, plan.cancellationLines);
  releaseStock(batch, plan.stock);
  const returnedAt = plan.cancellation?.createdAt;
  if (returnedAt) writeCouponReturns(batch, plan.coupons, returnedAt);
  if (plan.refund) batch.insert(refunds, refundRow(plan.refund));
  if (plan.refundEvents.length > 0) batch.insert(refundEvents, plan.refundEvents);
  if (plan.timeline.length > 0) batch.insert(orderEvents, plan.timeline);
  if (plan.audit.length > 0)
    batch.insert(
      auditLog,
      plan.audit.map((a) => auditRow({ ...a, requestId })),
    );
  for (const e of plan.events)
    outbox.emitInto(batch, e, {
      runAt: 'runAt' in e ? e.runAt : undefined,
      eventId: 'eventId' in e ? e.eventId : undefined,
    });

  if (plan.lineMoves.length > 0) {
    // Line buckets change atomically, all lines in one statement; the CHECKs refuse any
    // over-cancellation or over-refund. Arrays: one statement text for any number of lines.
    batch.change(sql`UPDATE order_lines AS l
      SET qty_cancelled = l.qty_cancelled + v.q, refunded_fen = l.refunded_fen + v.r
      FROM unnest(${sql.param(plan.lineMoves.map((m) => m.lineId))}::bigint[],
        ${sql.param(plan.lineMoves.map((m) => m.quantity))}::int[],
        ${sql.param(plan.lineMoves.map((m) => m.refundFen))}::bigint[]) AS v(id, q, r)
      WHERE l.id = v.id`);
  }
  // drizzle refuses an empty SET: a partial cancellation with no refund leaves the row alone.
  if (Object.keys(plan.order).length > 0) {
    const orderId = plan.after.order.id;
    batch.change(tx.update(orders).set(plan.order).where(eq(orders.id, orderId)));
  }
  if (plan.decision) {
    const { id, ...decided } = plan.decision;
    batch.change(
      tx.update(cancellationRequests).set(decided).where(eq(cancellationRequests.id, id)),
    );
  }
  if (plan.voidPendingPayments) {
    const orderId = plan.after.order.id;
    batch.change(
      tx
        .update(payments)
        .set({ status: 'voided' })
        .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending'))),
    );
  }
  if (!writeWith) await batch.run(tx);
}
