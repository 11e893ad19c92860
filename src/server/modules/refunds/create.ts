import { eq, sql } from 'drizzle-orm';
import type { RefundChannel } from '../../../domain/refund-calculation.js';
import { newRefund, type RefundRecord } from '../../../domain/refund-record.js';
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
import { fixedQuery } from '../../platform/db/fixed-query.js';
import type { AppOutbox } from '../../events.js';
import type { TimelineActor } from '../orders/timeline.js';

export type RefundRow = typeof refunds.$inferSelect;

export const REFUND_TOPICS = {
  /** A refund exists; approved ones are paid out by the refunds worker. */
  created: 'refund.created',
} as const;

export interface NewRefundRequest {
  orderId: number;
  shopperId: number;
  shopId: number;
  cancellationId: number | null;
  amountFen: number;
  channel: RefundChannel;
  review: { review: boolean; reasons: string[] };
  /** The payment to refund when it is not the one that paid the order (a double payment). */
  paymentId?: number;
  origin?: RefundRow['origin'];
}

/** The columns a new refund starts with before the worker touches it (the table's defaults). */
const NOT_YET_SUBMITTED = {
  destination: null,
  attempt: 1,
  providerKey: null,
  providerRefundId: null,
  failureReason: null,
  submittedAt: null,
  evidenceRequestedAt: null,
  evidenceRequestNote: null,
  arrivedAt: null,
  paymentId: null,
  origin: 'ours',
  payout: null,
} as const;

/** A new refund's whole row: every column given, so the row written is exactly the one returned. */
export function refundRow(r: RefundRecord): RefundRow {
  return { ...NOT_YET_SUBMITTED, ...r };
}

/** Takes the next refund id, for a plan whose rows carry it. */
export const nextRefundId = fixedQuery((db) =>
  db
    .select({ id: sql<number>`nextval(pg_get_serial_sequence('refunds', 'id'))`.mapWith(Number) })
    .from(sql`(SELECT 1) AS one`),
);

/**
 * Records money owed back, in the caller's transaction: the refund (待审核 or approved, with its
 * expected arrival), its first refund event, the order's 退款售后 summary, timeline, audit and
 * the outbox event — the same rows a cancellation's plan writes (domain/refund-record.ts).
 */
export async function createRefund(
  tx: Tx,
  outbox: AppOutbox,
  actor: TimelineActor,
  now: Date,
  r: NewRefundRequest,
): Promise<RefundRow> {
  const [taken] = await nextRefundId(tx, {});
  if (!taken) throw new Error('refund id allocation returned nothing');
  const { paymentId, origin, ...request } = r;
  const made = newRefund({ ...request, id: taken.id, actor, now });
  const refund: RefundRow = {
    ...refundRow(made.refund),
    paymentId: paymentId ?? null,
    origin: origin ?? 'ours',
  };
  const writes = new WriteBatch();
  writes.insert(refunds, refund);
  writes.insert(refundEvents, made.event);
  writes.change(
    tx.update(orders).set({ refundStatus: refund.status }).where(eq(orders.id, r.orderId)),
  );
  writes.insert(orderEvents, made.timeline);
  writes.insert(auditLog, auditRow(made.audit));
  outbox.emitInto(writes, { topic: REFUND_TOPICS.created, payload: { refundId: refund.id } });
  await writes.run(tx);
  return refund;
}
