import { eq, sql } from 'drizzle-orm';
import type { AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import { standingOf } from '../../../domain/account-standing.js';
import type { CancellationSettings } from '../../../domain/cancellation-settings.js';
import { planCancellationRefund, type RefundChannel } from '../../../domain/refund-calculation.js';
import { needsReview } from '../../../domain/refund-review.js';
import { cancellationLines, cancellations, orders } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { ActionContext } from '../orders/fulfilment.js';
import { lockVariants, releaseStock } from '../orders/stock.js';
import { addTimeline } from '../orders/timeline.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { createRefund, type RefundRow } from '../refunds/create.js';
import { CANCELLATION_TOPICS } from './topics.js';
import { toCancellable } from './load.js';
import { recentCancellations } from './standing.js';

export interface ApplyInput {
  order: OrderRow;
  lines: LineRow[];
  selection: { lineId: number; quantity: number }[];
  kind: 'instant' | 'request_approved' | 'request_auto_approved' | 'payment_timeout';
  reasonCode: string;
  reasonText: string | null;
  requestId: number | null;
  chargeFees: boolean;
  settings: CancellationSettings;
}

/**
 * Every effect of a cancellation, in the caller's transaction (order and lines already locked):
 * the append-only record, line buckets, stock back on the shelf through the ledger, the refund
 * (to review or ready to pay), order status, timeline, audit and outbox events.
 */
export async function applyCancellation(
  ctx: ActionContext,
  input: ApplyInput,
): Promise<{ cancellationId: number; refund: RefundRow | null }> {
  const { order, lines, selection } = input;
  const { tx, now } = ctx;
  const plan = planCancellationRefund(toCancellable(order, lines, false), selection, {
    chargeFees: input.chargeFees,
  });

  const remaining = lines.reduce((n, l) => {
    const cancelled = plan.lines.find((p) => p.lineId === l.id)?.quantity ?? 0;
    return n + l.qtyOrdered - l.qtyCancelled - cancelled - l.qtyShipped;
  }, 0);
  const whole = remaining === 0 && lines.every((l) => l.qtyShipped === 0);

  const [record] = await tx
    .insert(cancellations)
    .values({
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      requestId: input.requestId,
      kind: input.kind,
      whole,
      reasonCode: input.reasonCode,
      reasonText: input.reasonText,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      goodsRefundFen: plan.goodsRefundFen,
      feeFen: plan.feeFen,
      shippingRefundFen: plan.shippingRefundFen,
      refundFen: plan.totalFen,
      createdAt: now,
    })
    .returning({ id: cancellations.id });
  if (!record) throw new Error('cancellation insert returned nothing');
  await tx.insert(cancellationLines).values(
    plan.lines.map((p) => ({
      cancellationId: record.id,
      orderLineId: p.lineId,
      quantity: p.quantity,
      paidShareFen: p.paidShareFen,
      feeFen: p.feeFen,
      refundFen: p.refundFen,
    })),
  );

  // Line buckets change atomically, all lines in one statement; the CHECKs refuse any
  // over-cancellation or over-refund.
  const changes = sql.join(
    plan.lines.map((p) => sql`(${p.lineId}::bigint, ${p.quantity}::int, ${p.refundFen}::bigint)`),
    sql`, `,
  );
  await tx.execute(sql`UPDATE order_lines AS l
    SET qty_cancelled = l.qty_cancelled + v.q, refunded_fen = l.refunded_fen + v.r
    FROM (VALUES ${changes}) AS v(id, q, r) WHERE l.id = v.id`);
  await lockVariants(
    tx,
    plan.lines.map((p) => lines.find((l) => l.id === p.lineId)?.variantId ?? 0),
  );
  await releaseStock(
    tx,
    plan.lines.map((p) => ({
      variantId: lines.find((l) => l.id === p.lineId)?.variantId ?? 0,
      quantity: p.quantity,
      orderId: order.id,
      orderLineId: p.lineId,
    })),
  );

  // The shopper's own cancellations count toward standing (this one included); a payment
  // timeout does not.
  const counted = input.kind !== 'payment_timeout';
  const count = counted ? await recentCancellations(tx, order.shopperId, input.settings, now) : 0;

  let refund: RefundRow | null = null;
  if (plan.totalFen > 0 && order.paymentChannel) {
    const chosen = lines.filter((l) => plan.lines.some((p) => p.lineId === l.id));
    const review = needsReview(
      {
        totalFen: plan.totalFen,
        standing: standingOf(count, input.settings),
        lines: chosen.map((l) => ({ policy: l.policy as AfterSalesPolicy })),
      },
      input.settings,
    );
    refund = await createRefund(tx, ctx.outbox, ctx.actor, now, {
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      cancellationId: record.id,
      amountFen: plan.totalFen,
      channel: order.paymentChannel as RefundChannel,
      review,
      updateOrder: false,
    });
  }

  const orderChanges = {
    ...(whole ? { status: 'cancelled' as const, cancelledAt: now } : {}),
    ...(plan.refundsShipping ? { shippingRefunded: true } : {}),
    ...(refund ? { refundStatus: refund.status } : {}),
  };
  // A partial cancellation that leaves units to ship changes nothing on the order row, and
  // drizzle refuses an empty SET ("No values to set").
  if (Object.keys(orderChanges).length > 0) {
    await tx.update(orders).set(orderChanges).where(eq(orders.id, order.id));
  }

  const data = {
    reasonCode: input.reasonCode,
    ...(input.reasonText ? { reasonText: input.reasonText } : {}),
    refundFen: plan.totalFen,
    feeFen: plan.feeFen,
    lines: plan.lines.map((p) => {
      const l = lines.find((x) => x.id === p.lineId);
      return { lineId: p.lineId, title: l?.title, titleEn: l?.titleEn, quantity: p.quantity };
    }),
  };
  await addTimeline(
    tx,
    order.id,
    whole ? 'order.cancelled' : 'order.partially_cancelled',
    ctx.actor,
    now,
    data,
  );
  await audit(tx, {
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    action: `order.cancel.${input.kind}`,
    entityType: 'order',
    entityId: order.id,
    before: { status: order.status },
    after: { cancellationId: record.id, whole, ...data, refundId: refund?.id ?? null },
    requestId: ctx.requestId,
  });
  await ctx.outbox.emit(tx, CANCELLATION_TOPICS.orderCancelled, {
    orderId: order.id,
    cancellationId: record.id,
    whole,
  });
  if (counted) await emitStandingChange(ctx, order.shopperId, count, input.settings);
  return { cancellationId: record.id, refund };
}

/**
 * When this cancellation moved the shopper to a new standing level, say so (a notice follows).
 * The event id names the level and the day, so concurrent cancellations that both see the same
 * crossing send one warning, not two.
 */
async function emitStandingChange(
  ctx: ActionContext,
  shopperId: number,
  count: number,
  settings: CancellationSettings,
): Promise<void> {
  const after = standingOf(count, settings);
  const before = standingOf(Math.max(0, count - 1), settings);
  if (after.level === before.level || after.level === 'good') return;
  const day = ctx.now.toISOString().slice(0, 10);
  await ctx.outbox.emit(
    ctx.tx,
    CANCELLATION_TOPICS.standingChanged,
    { shopperId, count, level: after.level, windowDays: settings.standingWindowDays },
    { eventId: `standing-${shopperId}-${after.level}-${day}` },
  );
}
