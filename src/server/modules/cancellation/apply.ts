import { eq, sql } from 'drizzle-orm';
import type { AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import { standingOf } from '../../../domain/account-standing.js';
import type { CancellationSettings } from '../../../domain/cancellation-settings.js';
import { planCancellationRefund, type RefundChannel } from '../../../domain/refund-calculation.js';
import { needsReview } from '../../../domain/refund-review.js';
import {
  auditLog,
  cancellationLines,
  cancellations,
  orderEvents,
  orders,
} from '../../platform/db/schema/index.js';
import { auditRow } from '../../platform/audit.js';
import { WriteBatch } from '../../platform/db/write-batch.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import type { ActionContext } from '../orders/fulfilment.js';
import { lockVariants, releaseStock } from '../orders/stock.js';
import { timelineRow } from '../orders/timeline.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { createRefund, type RefundRow } from '../refunds/create.js';
import { CANCELLATION_TOPICS } from './topics.js';
import { toCancellable } from './load.js';
import { countSinceQuery, standingSince } from './standing.js';

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
 * The ids the cancellation and its refund will have, and the shopper's standing count before
 * this cancellation, in one round trip: with the ids known, both rows join the batch.
 */
const allocate = fixedQuery((db) => {
  const nextCancellationId = sql`nextval(pg_get_serial_sequence('cancellations', 'id'))`;
  const nextRefundId = sql`nextval(pg_get_serial_sequence('refunds', 'id'))`;
  const withRefund = sql`${sql.placeholder('withRefund')}::boolean`;
  return db
    .select({
      cancellationId: sql<number>`${nextCancellationId}`.mapWith(Number),
      refundId: sql<number | null>`CASE WHEN ${withRefund} THEN ${nextRefundId} END`.mapWith(
        Number,
      ),
      before: sql<number>`${countSinceQuery(db)}`.mapWith(Number),
    })
    .from(sql`(SELECT 1) AS one`);
});

export interface ApplyResult {
  cancellationId: number;
  refund: RefundRow | null;
  /** The order and its lines as they are once the batch has run (for the response). */
  order: OrderRow;
  lines: LineRow[];
}

/**
 * Every effect of a cancellation, in the caller's transaction (order and lines already locked):
 * the append-only record, line buckets, stock back on the shelf through the ledger, the refund
 * (to review or ready to pay), order status, timeline, audit and outbox events.
 *
 * Two statements run here: the ids and the standing count (`allocate`), and the variant locks;
 * every write goes into `batch`. A caller that passes its own batch must run it before the
 * transaction ends; otherwise it runs here.
 */
export async function applyCancellation(
  ctx: ActionContext,
  input: ApplyInput,
  batch?: WriteBatch,
): Promise<ApplyResult> {
  const { order, lines, selection } = input;
  const { tx, now } = ctx;
  const writes = batch ?? new WriteBatch();
  const plan = planCancellationRefund(toCancellable(order, lines, false), selection, {
    chargeFees: input.chargeFees,
  });
  const planned = (lineId: number) => plan.lines.find((p) => p.lineId === lineId);
  const linesAfter = lines.map((l) => {
    const p = planned(l.id);
    return p
      ? {
          ...l,
          qtyCancelled: l.qtyCancelled + p.quantity,
          refundedFen: l.refundedFen + p.refundFen,
        }
      : l;
  });
  const remaining = linesAfter.reduce(
    (n, l) => n + l.qtyOrdered - l.qtyCancelled - l.qtyShipped,
    0,
  );
  const whole = remaining === 0 && lines.every((l) => l.qtyShipped === 0);

  const withRefund = plan.totalFen > 0 && order.paymentChannel !== null;
  const [taken] = await allocate(tx, {
    withRefund,
    shopperId: order.shopperId,
    since: standingSince(input.settings, now).toISOString(),
  });
  if (!taken) throw new Error('id allocation returned nothing');
  const record = { id: taken.cancellationId };
  writes.insert(cancellations, {
    id: record.id,
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
  });
  writes.insert(
    cancellationLines,
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
  // (Arrays rather than a VALUES list: one statement text for any number of lines.)
  const lineIds = plan.lines.map((p) => p.lineId);
  const quantities = plan.lines.map((p) => p.quantity);
  const refundFens = plan.lines.map((p) => p.refundFen);
  writes.change(sql`UPDATE order_lines AS l
    SET qty_cancelled = l.qty_cancelled + v.q, refunded_fen = l.refunded_fen + v.r
    FROM unnest(${sql.param(lineIds)}::bigint[], ${sql.param(quantities)}::int[],
      ${sql.param(refundFens)}::bigint[]) AS v(id, q, r)
    WHERE l.id = v.id`);
  const variantOf = (lineId: number) => lines.find((l) => l.id === lineId)?.variantId ?? 0;
  await lockVariants(
    tx,
    plan.lines.map((p) => variantOf(p.lineId)),
  );
  releaseStock(
    writes,
    plan.lines.map((p) => ({
      variantId: variantOf(p.lineId),
      quantity: p.quantity,
      orderId: order.id,
      orderLineId: p.lineId,
    })),
  );

  // The shopper's own cancellations count toward standing, this one included; a payment
  // timeout does not.
  const counted = input.kind !== 'payment_timeout';
  const count = counted ? taken.before + 1 : 0;

  let refund: RefundRow | null = null;
  if (withRefund && taken.refundId !== null) {
    const chosen = lines.filter((l) => planned(l.id));
    const review = needsReview(
      {
        totalFen: plan.totalFen,
        standing: standingOf(count, input.settings),
        lines: chosen.map((l) => ({ policy: l.policy as AfterSalesPolicy })),
      },
      input.settings,
    );
    refund = await createRefund(
      tx,
      ctx.outbox,
      ctx.actor,
      now,
      {
        orderId: order.id,
        shopperId: order.shopperId,
        shopId: order.shopId,
        id: taken.refundId,
        cancellationId: record.id,
        amountFen: plan.totalFen,
        channel: order.paymentChannel as RefundChannel,
        review,
        updateOrder: false,
      },
      writes,
    );
  }

  const orderChanges = {
    ...(whole ? { status: 'cancelled' as const, cancelledAt: now } : {}),
    ...(plan.refundsShipping ? { shippingRefunded: true } : {}),
    ...(refund ? { refundStatus: refund.status } : {}),
  };
  // A partial cancellation that leaves units to ship changes nothing on the order row, and
  // drizzle refuses an empty SET ("No values to set").
  if (Object.keys(orderChanges).length > 0) {
    writes.change(tx.update(orders).set(orderChanges).where(eq(orders.id, order.id)));
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
  writes.insert(
    orderEvents,
    timelineRow(
      order.id,
      whole ? 'order.cancelled' : 'order.partially_cancelled',
      ctx.actor,
      now,
      data,
    ),
  );
  writes.insert(
    auditLog,
    auditRow({
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      action: `order.cancel.${input.kind}`,
      entityType: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: { cancellationId: record.id, whole, ...data, refundId: refund?.id ?? null },
      requestId: ctx.requestId,
    }),
  );
  ctx.outbox.emitInto(writes, CANCELLATION_TOPICS.orderCancelled, {
    orderId: order.id,
    cancellationId: record.id,
    whole,
  });
  if (counted) emitStandingChange(ctx, writes, order.shopperId, count, input.settings);
  if (!batch) await writes.run(tx);
  return {
    cancellationId: record.id,
    refund,
    order: { ...order, ...orderChanges },
    lines: linesAfter,
  };
}

/**
 * When this cancellation moved the shopper to a new standing level, say so (a notice follows).
 * The event id names the level and the day, so concurrent cancellations that both see the same
 * crossing send one warning, not two.
 */
function emitStandingChange(
  ctx: ActionContext,
  batch: WriteBatch,
  shopperId: number,
  count: number,
  settings: CancellationSettings,
): void {
  const after = standingOf(count, settings);
  const before = standingOf(Math.max(0, count - 1), settings);
  if (after.level === before.level || after.level === 'good') return;
  const day = ctx.now.toISOString().slice(0, 10);
  ctx.outbox.emitInto(
    batch,
    CANCELLATION_TOPICS.standingChanged,
    { shopperId, count, level: after.level, windowDays: settings.standingWindowDays },
    { eventId: `standing-${shopperId}-${after.level}-${day}` },
  );
}
