import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { planPlacement, type PlacementPlan } from '../../../domain/placement-plan.js';
import type { Tx } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import {
  auditLog,
  cartItems,
  orderEvents,
  orderLines,
  orders,
  products,
  shops,
  variants,
} from '../../platform/db/schema/index.js';
import { auditRow } from '../../platform/audit.js';
import { WriteBatch } from '../../platform/db/write-batch.js';
import type { AppOutbox } from '../../events.js';
import { writeCouponUses } from '../coupons/checkout.js';
import { lockHeldCoupons } from '../coupons/held.js';
import { reserveStock } from './stock.js';
import type { LineRow, OrderRow } from './views.js';

/** A placed order with what its answer shows, so the caller need not read it back. */
export interface PlacedOrder {
  order: OrderRow;
  shop: typeof shops.$inferSelect;
  lines: LineRow[];
}

export interface PlaceOrderInput {
  shopperId: number;
  items: { variantId: number; quantity: number }[];
  fromCart: boolean;
  address: { name: string; phone: string; address: string };
  now: Date;
  paymentTimeoutMinutes: number;
  requestId?: string;
  /** The shopper's coupons to spend (shopper_coupons ids). */
  couponIds?: readonly number[];
}

/**
 * The wanted variants locked in ascending id (FOR UPDATE OF variants alone), each with its
 * product and shop, and the ids the placement will write under: a line id per variant and an
 * order id of which the plan takes one per shop. One round trip for all of it.
 */
const lockSaleRows = fixedQuery((db) =>
  db
    .select({
      variant: variants,
      product: products,
      shop: shops,
      orderId: sql<number>`nextval(pg_get_serial_sequence('orders', 'id'))`.mapWith(Number),
      lineId: sql<number>`nextval(pg_get_serial_sequence('order_lines', 'id'))`.mapWith(Number),
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(shops, eq(shops.id, variants.shopId))
    .where(sql`${variants.id} = ANY(${sql.placeholder('ids')}::bigint[])`)
    .orderBy(asc(variants.id))
    .for('update', { of: variants }),
);

/**
 * Places one order per shop in the caller's transaction, as load → plan → persist. Load: the
 * chosen coupons locked first (every transaction takes coupons before variants; a cancellation
 * takes order → lines → coupons → variants), then the variants with their products, shops and
 * new ids. Plan: `planPlacement` (src/domain), every row of the change. Persist: all of it —
 * orders, lines, stock reserved and its ledger, coupon uses, timeline, audit, outbox events, the
 * cart's lines — in one WriteBatch. A caller with a last write of its own (the stored
 * Idempotency-Key answer) passes its batch as `writeWith` and runs it; otherwise the batch runs
 * before this returns. The answer is the plan's rows: nothing is read back.
 */
export async function placeOrders(
  tx: Tx,
  outbox: AppOutbox,
  input: PlaceOrderInput,
  writeWith?: WriteBatch,
): Promise<PlacedOrder[]> {
  const couponIds = input.couponIds ?? [];
  const held = await lockHeldCoupons(tx, input.shopperId, couponIds);
  const ids = [...new Set(input.items.map((i) => i.variantId))].sort((a, b) => a - b);
  const sale = ids.length > 0 ? await lockSaleRows(tx, { ids }) : [];
  const plan = planPlacement({ ...input, couponIds, held, sale });
  const batch = writeWith ?? new WriteBatch();
  persistPlacement(tx, outbox, plan, input, batch);
  if (!writeWith) await batch.run(tx);
  const shopById = new Map(sale.map((r) => [r.shop.id, r.shop]));
  return plan.orders.map(({ order, lines }) => {
    const shop = shopById.get(order.shopId);
    if (!shop) throw new Error(`shop ${order.shopId} not loaded`);
    return { order, shop, lines };
  });
}

function persistPlacement(
  tx: Tx,
  outbox: AppOutbox,
  plan: PlacementPlan,
  input: PlaceOrderInput,
  batch: WriteBatch,
): void {
  batch.insert(
    orders,
    plan.orders.map((o) => o.order),
  );
  batch.insert(
    orderLines,
    plan.orders.flatMap((o) => o.lines),
  );
  reserveStock(batch, plan.stock);
  writeCouponUses(tx, batch, plan.couponUses, plan.couponsSpent, input.now);
  batch.insert(orderEvents, plan.timeline);
  batch.insert(
    auditLog,
    plan.audit.map((a) => auditRow({ ...a, requestId: input.requestId })),
  );
  for (const e of plan.events)
    outbox.emitInto(batch, e, { runAt: 'runAt' in e ? e.runAt : undefined });
  if (input.fromCart)
    batch.change(
      tx.delete(cartItems).where(
        and(
          eq(cartItems.userId, input.shopperId),
          inArray(
            cartItems.variantId,
            input.items.map((i) => i.variantId),
          ),
        ),
      ),
    );
}
