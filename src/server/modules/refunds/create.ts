import { eq, sql } from 'drizzle-orm';
import type { RefundChannel } from '../../../domain/refund-calculation.js';
import { expectedArrival } from '../../../domain/refund-eta.js';
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
import type { OutboxRegistry } from '../../platform/outbox/outbox.js';
import { timelineRow, type TimelineActor } from '../orders/timeline.js';

export type RefundRow = typeof refunds.$inferSelect;

export const REFUND_TOPICS = {
  /** A refund exists; approved ones are paid out by the refunds worker. */
  created: 'refund.created',
} as const;

export interface NewRefund {
  orderId: number;
  shopperId: number;
  shopId: number;
  cancellationId: number | null;
  amountFen: number;
  channel: RefundChannel;
  review: { review: boolean; reasons: string[] };
  /** false when the caller writes the order's 退款售后 summary in its own update. */
  updateOrder?: boolean;
  /** Already taken from the sequence by the caller: the row then joins the caller's batch. */
  id?: number;
}

const REFUND_FIELDS = [
  'orderId',
  'shopperId',
  'shopId',
  'cancellationId',
  'amountFen',
  'channel',
  'status',
  'reviewReasons',
  'expectedEarliest',
  'expectedLatest',
  'createdAt',
  'updatedAt',
] as const;
type NewRefundRow = Pick<typeof refunds.$inferInsert, (typeof REFUND_FIELDS)[number]>;
/** The refund row, built once (its id is needed by the rows that follow). */
const insertRefund = fixedQuery((db) =>
  db
    .insert(refunds)
    .values(
      Object.fromEntries(
        REFUND_FIELDS.map((f) => [f, sql.placeholder(f)]),
      ) as unknown as NewRefundRow,
    )
    .returning(),
);

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
} as const;

/**
 * Records money owed back, in the caller's transaction: the refund (待审核 or approved, with its
 * expected arrival), its first timeline entry, the order's 退款售后 summary and the outbox event.
 * The refund row is written at once (its id is needed) unless the caller took the id already;
 * the rest goes into `batch` when the caller passes one, or is written before this returns.
 */
export async function createRefund(
  tx: Tx,
  outbox: OutboxRegistry,
  actor: TimelineActor,
  now: Date,
  r: NewRefund,
  batch?: WriteBatch,
): Promise<RefundRow> {
  const eta = expectedArrival(r.channel, now);
  const status = r.review.review ? 'pending_review' : 'approved';
  const values = {
    orderId: r.orderId,
    shopperId: r.shopperId,
    shopId: r.shopId,
    cancellationId: r.cancellationId,
    amountFen: r.amountFen,
    channel: r.channel,
    status,
    reviewReasons: r.review.reasons,
    expectedEarliest: eta.earliest,
    expectedLatest: eta.latest,
    createdAt: now,
    updatedAt: now,
  } as const;
  let refund: RefundRow;
  if (r.id !== undefined && batch) {
    // Every column given, so the row in the batch is exactly the one returned.
    refund = { id: r.id, ...NOT_YET_SUBMITTED, ...values };
    batch.insert(refunds, refund);
  } else {
    const [inserted] = await insertRefund(tx, values);
    if (!inserted) throw new Error('refund insert returned nothing');
    refund = inserted;
  }
  const writes = batch ?? new WriteBatch();
  writes.insert(refundEvents, {
    refundId: refund.id,
    status,
    actorId: actor.id,
    actorRole: actor.role,
    reason: r.review.reasons.join(',') || null,
    createdAt: now,
  });
  if (r.updateOrder !== false) {
    writes.change(tx.update(orders).set({ refundStatus: status }).where(eq(orders.id, r.orderId)));
  }
  writes.insert(
    orderEvents,
    timelineRow(r.orderId, 'refund.created', actor, now, {
      refundId: refund.id,
      amountFen: refund.amountFen,
      status,
      channel: refund.channel,
    }),
  );
  writes.insert(
    auditLog,
    auditRow({
      actorId: actor.id,
      actorRole: actor.role,
      action: 'refund.create',
      entityType: 'refund',
      entityId: refund.id,
      orderId: r.orderId,
      after: {
        status,
        amountFen: refund.amountFen,
        channel: refund.channel,
        cancellationId: r.cancellationId,
        reviewReasons: r.review.reasons,
      },
    }),
  );
  outbox.emitInto(writes, REFUND_TOPICS.created, { refundId: refund.id });
  if (!batch) await writes.run(tx);
  return refund;
}
