import { desc, eq } from 'drizzle-orm';
import {
  nextRefundStatus,
  type RefundAction,
  type RefundStatus,
} from '../../../domain/refund-states.js';
import type { Tx } from '../../platform/db/client.js';
import { orders, refundEvents, refunds } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { AppOutbox, Topic } from '../../events.js';
import { addTimeline, type TimelineActor } from '../orders/timeline.js';
import type { RefundRow } from './create.js';

export const REFUND_STATUS_TOPICS = {
  approved: 'refund.approved',
  succeeded: 'refund.succeeded',
  failed: 'refund.failed',
  rejected: 'refund.rejected',
} as const satisfies Partial<Record<RefundStatus, Topic>>;

/**
 * Moves a locked refund along the transition table, with its timeline row, the order's
 * 退款售后 summary, audit and outbox event. Returns null when the action does not apply (a
 * duplicate or late provider report), leaving everything as it was.
 */
export async function transitionRefund(
  tx: Tx,
  outbox: AppOutbox,
  refund: RefundRow,
  action: RefundAction,
  ctx: {
    actor: TimelineActor;
    now: Date;
    reason?: string | null;
    requestId?: string | undefined;
    set?: Partial<RefundRow>;
  },
): Promise<RefundRow | null> {
  const to = nextRefundStatus(refund.status, action);
  if (to === null) return null;
  const [updated] = await tx
    .update(refunds)
    .set({ ...ctx.set, status: to, updatedAt: ctx.now })
    .where(eq(refunds.id, refund.id))
    .returning();
  if (!updated) throw new Error(`refund ${refund.id} vanished`);
  await tx.insert(refundEvents).values({
    refundId: refund.id,
    status: to,
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    reason: ctx.reason ?? null,
    createdAt: ctx.now,
  });
  // The 退款售后 tab shows the newest refund's state.
  const [newest] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(eq(refunds.orderId, refund.orderId))
    .orderBy(desc(refunds.id))
    .limit(1);
  if (newest?.id === refund.id)
    await tx.update(orders).set({ refundStatus: to }).where(eq(orders.id, refund.orderId));
  await addTimeline(tx, refund.orderId, `refund.${to}`, ctx.actor, ctx.now, {
    refundId: refund.id,
    amountFen: refund.amountFen,
    ...(ctx.reason ? { reason: ctx.reason } : {}),
  });
  await audit(tx, {
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    action: `refund.${action}`,
    entityType: 'refund',
    entityId: refund.id,
    orderId: refund.orderId,
    before: { status: refund.status },
    after: { status: to, ...(ctx.reason ? { reason: ctx.reason } : {}) },
    requestId: ctx.requestId,
  });
  const topic =
    to in REFUND_STATUS_TOPICS
      ? REFUND_STATUS_TOPICS[to as keyof typeof REFUND_STATUS_TOPICS]
      : null;
  if (topic) await outbox.emit(tx, topic, { refundId: refund.id, orderId: refund.orderId });
  return updated;
}

/** Locks a refund after its order (the fixed lock order: order → … → refund). */
export async function lockRefund(tx: Tx, refundId: number): Promise<RefundRow | undefined> {
  const [peek] = await tx
    .select({ orderId: refunds.orderId })
    .from(refunds)
    .where(eq(refunds.id, refundId));
  if (!peek) return undefined;
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, peek.orderId)).for('update');
  const [row] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
  return row;
}
