import { eq, sql } from 'drizzle-orm';
import type { StaffRefundLine, StaffRefundPlan } from '../../../domain/staff-refund-plan.js';
import { auditRow } from '../../platform/audit.js';
import type { Tx } from '../../platform/db/client.js';
import {
  auditLog,
  orderEvents,
  orders,
  refundEvents,
  refunds,
} from '../../platform/db/schema/index.js';
import { WriteBatch } from '../../platform/db/write-batch.js';
import type { AppOutbox } from '../../events.js';
import { refundRow, type RefundRow } from '../refunds/create.js';

/** The refund's row as written: a 线下退款 has already arrived when it is recorded. */
export function staffRefundRow(plan: StaffRefundPlan<StaffRefundLine>): RefundRow {
  const row = refundRow(plan.refund);
  return row.status === 'succeeded' ? { ...row, arrivedAt: row.createdAt } : row;
}

/**
 * Writes a refund by amount in one statement: the refund and its first event, the lines'
 * refunded_fen (and 价保 total) raised under their CHECKs, the order's 退款售后 summary,
 * timeline, audit and events. `writeWith` is the caller's Idempotency-Key batch, when any.
 */
export async function persistStaffRefund(
  tx: Tx,
  outbox: AppOutbox,
  plan: StaffRefundPlan<StaffRefundLine>,
  requestId: string | undefined,
  writeWith?: WriteBatch,
): Promise<void> {
  const batch = writeWith ?? new WriteBatch();
  batch.insert(refunds, staffRefundRow(plan));
  batch.insert(refundEvents, plan.refundEvent);
  batch.insert(orderEvents, plan.timeline);
  batch.insert(
    auditLog,
    plan.audit.map((a) => auditRow({ ...a, requestId })),
  );
  for (const e of plan.events) outbox.emitInto(batch, e);
  batch.change(sql`UPDATE order_lines AS l
    SET refunded_fen = l.refunded_fen + v.r, price_protected_fen = l.price_protected_fen + v.p
    FROM unnest(${sql.param(plan.lineMoves.map((m) => m.lineId))}::bigint[],
      ${sql.param(plan.lineMoves.map((m) => m.refundFen))}::bigint[],
      ${sql.param(plan.lineMoves.map((m) => m.priceProtectedFen))}::bigint[]) AS v(id, r, p)
    WHERE l.id = v.id`);
  batch.change(
    tx
      .update(orders)
      .set({ refundStatus: plan.refundStatus })
      .where(eq(orders.id, plan.refund.orderId)),
  );
  if (!writeWith) await batch.run(tx);
}
