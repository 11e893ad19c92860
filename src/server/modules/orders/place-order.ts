import { and, eq, inArray, sql } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import { makeOrderNo } from '../../../domain/order-number.js';
import {
  assertEveryCouponApplies,
  priceCheckout,
  resolveChosen,
} from '../../../domain/coupon-pricing.js';
import type { AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import type { Tx } from '../../platform/db/client.js';
import {
  auditLog,
  cartItems,
  orderEvents,
  orderLines,
  orders,
  products,
  shops,
} from '../../platform/db/schema/index.js';
import { auditRow } from '../../platform/audit.js';
import { queryRows } from '../../platform/db/query.js';
import { WriteBatch } from '../../platform/db/write-batch.js';
import type { AppOutbox } from '../../events.js';
import { chosenIds, recordCouponUses } from '../coupons/checkout.js';
import { lockHeldCoupons } from '../coupons/held.js';
import { assertAvailable, lockVariants, reserveStock, type StockChange } from './stock.js';
import { timelineRow } from './timeline.js';
import { ORDER_TOPICS } from './topics.js';
import type { OrderRow } from './views.js';

/** A placed order with what its answer shows, so the caller need not read it back. */
export interface PlacedOrder {
  order: OrderRow;
  shop: typeof shops.$inferSelect;
  lines: (typeof orderLines.$inferSelect)[];
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
 * Places one order per shop in the caller's transaction: locks the chosen coupons, then the
 * variants (ascending id), checks stock, prices the checkout (满减, coupons), inserts orders and
 * lines, and puts everything nothing reads back — stock reserved and its ledger, coupon uses,
 * timeline, audit, outbox events (the unpaid-order timeout among them), the cart's lines — into
 * one WriteBatch. A caller with a last write of its own (the stored Idempotency-Key answer)
 * passes its batch as `writeWith` and runs it; otherwise the batch runs before this returns.
 * Coupons are locked first so that every transaction takes coupons before variants (a
 * cancellation takes order → lines → coupons → variants).
 */
export async function placeOrders(
  tx: Tx,
  outbox: AppOutbox,
  input: PlaceOrderInput,
  writeWith?: WriteBatch,
): Promise<PlacedOrder[]> {
  const batch = writeWith ?? new WriteBatch();
  const wanted = new Map<number, number>();
  for (const i of input.items) wanted.set(i.variantId, (wanted.get(i.variantId) ?? 0) + i.quantity);

  const held = await lockHeldCoupons(tx, input.shopperId, input.couponIds ?? []);
  const locked = await lockVariants(tx, [...wanted.keys()]);
  if (locked.length !== wanted.size || locked.some((v) => v.deletedAt !== null))
    throw new DomainError('VARIANT_NOT_FOUND');
  assertAvailable(new Map(locked.map((v) => [v.id, v.stockAvailable])), wanted);

  const productRows = await tx
    .select()
    .from(products)
    .where(inArray(products.id, [...new Set(locked.map((v) => v.productId))]));
  if (productRows.some((p) => p.onSale !== 1)) throw new DomainError('PRODUCT_NOT_FOUND');
  const shopRows = await tx
    .select()
    .from(shops)
    .where(inArray(shops.id, [...new Set(locked.map((v) => v.shopId))]));

  const deadline = new Date(input.now.getTime() + input.paymentTimeoutMinutes * 60_000);
  const placed: PlacedOrder[] = [];
  const sortedShops = shopRows.sort((a, b) => a.id - b.id);
  const shopLines = sortedShops.map((shop) =>
    locked
      .filter((v) => v.shopId === shop.id)
      .map((v) => ({ variant: v, quantity: wanted.get(v.id) ?? 0 })),
  );
  const checkout = sortedShops.map((shop, i) => ({
    shopId: shop.id,
    lines: (shopLines[i] ?? []).map((l) => ({
      unitPriceFen: l.variant.priceFen,
      quantity: l.quantity,
    })),
    rules: shop,
  }));
  const chosen = resolveChosen(
    input.couponIds ?? [],
    held,
    sortedShops.map((s) => s.id),
    input.now,
  );
  const pricedCheckout = priceCheckout(checkout, chosen);
  assertEveryCouponApplies(pricedCheckout, chosen);
  const uses: Parameters<typeof recordCouponUses>[3][number][] = [];
  const reserved: StockChange[] = [];
  for (const [index, shop] of sortedShops.entries()) {
    const lines = shopLines[index] ?? [];
    const priced = pricedCheckout.orders[index];
    if (!priced) throw new Error(`no price for shop ${shop.id}`);
    const [seq] = await queryRows<{ id: string }>(
      tx,
      sql`SELECT nextval(pg_get_serial_sequence('orders', 'id'))::text AS id`,
    );
    const orderId = Number(seq?.id);
    const [order] = await tx
      .insert(orders)
      .values({
        id: orderId,
        orderNo: makeOrderNo(input.now, orderId, input.shopperId),
        shopperId: input.shopperId,
        shopId: shop.id,
        status: 'pending_payment',
        goodsFen: priced.goodsFen,
        discountFen: priced.discountFen,
        shopCouponFen: priced.shopCouponFen,
        platformCouponFen: priced.platformCouponFen,
        shippingFen: priced.shippingFen,
        payableFen: priced.payableFen,
        paymentDeadline: deadline,
        receiverName: input.address.name,
        receiverPhone: input.address.phone,
        receiverAddress: input.address.address,
        createdAt: input.now,
      })
      .returning();
    if (!order) throw new Error('order insert returned nothing');
    const lineRows = await tx
      .insert(orderLines)
      .values(
        lines.map((l, i) => {
          const product = productRows.find((p) => p.id === l.variant.productId);
          if (!product) throw new Error(`product ${l.variant.productId} missing`);
          const policy: AfterSalesPolicy & { bundle: boolean } = {
            kind: product.policyKind,
            feeKind: product.feeKind,
            feeValue: product.feeValue,
            bundle: product.bundle,
          };
          return {
            orderId,
            shopperId: input.shopperId,
            productId: product.id,
            variantId: l.variant.id,
            title: product.title,
            titleEn: product.titleEn,
            variantName: l.variant.name,
            variantNameEn: l.variant.nameEn,
            imageHue: product.imageHue,
            unitPriceFen: l.variant.priceFen,
            qtyOrdered: l.quantity,
            discountFen: priced.lineDiscountsFen[i] ?? 0,
            couponDiscountFen: priced.lineCouponFen[i] ?? 0,
            policy,
          };
        }),
      )
      .returning();
    for (const l of lineRows)
      reserved.push({ variantId: l.variantId, quantity: l.qtyOrdered, orderId, orderLineId: l.id });
    const actor = { id: input.shopperId, role: 'shopper' };
    batch.insert(
      orderEvents,
      timelineRow(orderId, 'order.placed', actor, input.now, {
        payableFen: priced.payableFen,
        ...(priced.shopCouponFen + priced.platformCouponFen > 0
          ? { couponFen: priced.shopCouponFen + priced.platformCouponFen }
          : {}),
      }),
    );
    batch.insert(
      auditLog,
      auditRow({
        actorId: input.shopperId,
        actorRole: 'shopper',
        action: 'order.place',
        entityType: 'order',
        entityId: orderId,
        after: {
          orderNo: order.orderNo,
          payableFen: order.payableFen,
          lines: lineRows.length,
          ...(priced.shopCouponFen + priced.platformCouponFen > 0
            ? {
                shopCouponFen: priced.shopCouponFen,
                platformCouponFen: priced.platformCouponFen,
                couponIds: chosenIds(chosen),
              }
            : {}),
        },
        requestId: input.requestId,
      }),
    );
    outbox.emitInto(batch, { topic: ORDER_TOPICS.placed, payload: { orderId } });
    outbox.emitInto(
      batch,
      { topic: ORDER_TOPICS.paymentTimeout, payload: { orderId } },
      { runAt: deadline },
    );
    placed.push({ order, shop, lines: lineRows });
    uses.push({
      orderId,
      shopId: shop.id,
      shopCouponFen: priced.shopCouponFen,
      platformCouponFen: priced.platformCouponFen,
    });
  }
  // Every shop's variants in one UPDATE (they are locked already, in id order).
  reserveStock(batch, reserved);
  recordCouponUses(tx, batch, chosen, uses, input.now);

  if (input.fromCart) {
    batch.change(
      tx
        .delete(cartItems)
        .where(
          and(
            eq(cartItems.userId, input.shopperId),
            inArray(cartItems.variantId, [...wanted.keys()]),
          ),
        ),
    );
  }
  if (!writeWith) await batch.run(tx);
  return placed;
}
