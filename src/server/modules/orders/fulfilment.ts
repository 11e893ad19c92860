import { and, eq, sql } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import { checkOrderAction, isNoop, type OrderAction } from '../../../domain/order-transitions.js';
import type { Tx } from '../../platform/db/client.js';
import {
  addressChangeRequests,
  cancellationRequests,
  orderLines,
  orders,
} from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { AppOutbox } from '../../events.js';
import { lockOrder, type OrderScope } from './lock.js';
import { lockVariants, shipStock } from './stock.js';
import { addTimeline, type TimelineActor } from './timeline.js';
import { ORDER_TOPICS } from './topics.js';
import { orderState, type OrderRow } from './views.js';

export interface ActionContext {
  tx: Tx;
  outbox: AppOutbox;
  actor: TimelineActor;
  now: Date;
  requestId?: string | undefined;
}

type By = { orderNo: string } | { id: number };

/** Locks the order and checks the action; returns null when it is a no-op. */
async function begin(ctx: ActionContext, by: By, scope: OrderScope, action: OrderAction) {
  const locked = await lockOrder(ctx.tx, by, scope);
  const state = orderState(locked.order);
  const problem = checkOrderAction(state, action, ctx.now);
  if (problem) throw new DomainError(problem, { status: locked.order.status });
  return isNoop(state, action) ? null : locked;
}

async function record(
  ctx: ActionContext,
  order: OrderRow,
  action: string,
  kind: string,
  data: Record<string, unknown> = {},
) {
  await addTimeline(ctx.tx, order.id, kind, ctx.actor, ctx.now, data);
  await audit(ctx.tx, {
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    action,
    entityType: 'order',
    entityId: order.id,
    before: { status: order.status },
    after: { kind, ...data },
    requestId: ctx.requestId,
  });
}

export async function prepareOrder(ctx: ActionContext, by: By, scope: OrderScope): Promise<void> {
  const locked = await begin(ctx, by, scope, 'prepare');
  if (!locked) return;
  await ctx.tx.update(orders).set({ preparingAt: ctx.now }).where(eq(orders.id, locked.order.id));
  await record(ctx, locked.order, 'order.prepare', 'order.preparing');
}

/** Ships every unit not cancelled; stock moves reserved → shipped. */
export async function shipOrder(
  ctx: ActionContext,
  by: By,
  scope: OrderScope,
  shipment: { carrier: string; trackingNo: string },
  autoCompleteDays: number,
): Promise<void> {
  const locked = await begin(ctx, by, scope, 'ship');
  if (!locked) return;
  const { order, lines } = locked;
  // A 申请取消 must be answered before the goods leave: the shopper asked first.
  const [pending] = await ctx.tx
    .select({ id: cancellationRequests.id })
    .from(cancellationRequests)
    .where(
      and(eq(cancellationRequests.orderId, order.id), eq(cancellationRequests.status, 'pending')),
    )
    .for('update');
  if (pending) throw new DomainError('CANCELLATION_PENDING_DECISION', { requestId: pending.id });
  // Likewise an address change: the goods must leave for the address the shopper settles on.
  // Read under the order's lock, which every writer of a request holds.
  const [addressPending] = await ctx.tx
    .select({ id: addressChangeRequests.id })
    .from(addressChangeRequests)
    .where(
      and(eq(addressChangeRequests.orderId, order.id), eq(addressChangeRequests.status, 'pending')),
    );
  if (addressPending)
    throw new DomainError('ADDRESS_CHANGE_PENDING_DECISION', { requestId: addressPending.id });
  await lockVariants(
    ctx.tx,
    lines.map((l) => l.variantId),
  );
  const changes = lines.map((l) => ({
    variantId: l.variantId,
    quantity: l.qtyOrdered - l.qtyCancelled - l.qtyShipped,
    orderId: order.id,
    orderLineId: l.id,
  }));
  await shipStock(ctx.tx, changes);
  await ctx.tx
    .update(orderLines)
    .set({ qtyShipped: sql`${orderLines.qtyOrdered} - ${orderLines.qtyCancelled}` })
    .where(eq(orderLines.orderId, order.id));
  await ctx.tx
    .update(orders)
    .set({
      status: 'shipped',
      shippedAt: ctx.now,
      carrier: shipment.carrier,
      trackingNo: shipment.trackingNo,
    })
    .where(eq(orders.id, order.id));
  await record(ctx, order, 'order.ship', 'order.shipped', shipment);
  await ctx.outbox.emit(ctx.tx, ORDER_TOPICS.shipped, { orderId: order.id });
  await ctx.outbox.emit(
    ctx.tx,
    ORDER_TOPICS.autoComplete,
    { orderId: order.id },
    { runAt: new Date(ctx.now.getTime() + autoCompleteDays * 86_400_000) },
  );
}

export async function deliverOrder(ctx: ActionContext, by: By, scope: OrderScope): Promise<void> {
  const locked = await begin(ctx, by, scope, 'deliver');
  if (!locked) return;
  await ctx.tx.update(orders).set({ deliveredAt: ctx.now }).where(eq(orders.id, locked.order.id));
  await record(ctx, locked.order, 'order.deliver', 'order.delivered');
}

export async function completeOrder(
  ctx: ActionContext,
  by: By,
  scope: OrderScope,
  how: 'confirm_receipt' | 'auto_complete',
): Promise<void> {
  const locked = await begin(ctx, by, scope, how);
  if (!locked) return;
  await ctx.tx
    .update(orders)
    .set({ status: 'completed', completedAt: ctx.now })
    .where(eq(orders.id, locked.order.id));
  await record(
    ctx,
    locked.order,
    `order.${how}`,
    'order.completed',
    how === 'auto_complete' ? { auto: true } : {},
  );
  await ctx.outbox.emit(ctx.tx, ORDER_TOPICS.completed, { orderId: locked.order.id });
}
