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
import { cartItems, orderLines, orders, products, shops } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import { queryRows } from '../../platform/db/query.js';
import type { AppOutbox } from '../../events.js';
import { chosenIds, recordCouponUses } from '../coupons/checkout.js';
import { lockHeldCoupons } from '../coupons/held.js';
import { assertAvailable, lockVariants, reserveStock } from './stock.js';
import { addTimeline } from './timeline.js';
import { ORDER_TOPICS } from './topics.js';
import type { OrderRow } from './views.js';

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
 * variants (ascending id), checks and reserves stock, prices the checkout (满减, coupons),
 * writes orders, lines, coupon uses, timeline, audit and outbox events, and schedules the
 * unpaid-order timeout. Coupons are locked first so that every transaction takes coupons
 * before variants (a cancellation takes order → lines → coupons → variants).
 */
export async function placeOrders(
  tx: Tx,
  outbox: AppOutbox,
  input: PlaceOrderInput,
): Promise<OrderRow[]> {
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
  const placed: OrderRow[] = [];
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
  const uses: Parameters<typeof recordCouponUses>[2][number][] = [];
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
    await reserveStock(
      tx,
      lineRows.map((l) => ({
        variantId: l.variantId,
        quantity: l.qtyOrdered,
        orderId,
        orderLineId: l.id,
      })),
    );
    const actor = { id: input.shopperId, role: 'shopper' };
    await addTimeline(tx, orderId, 'order.placed', actor, input.now, {
      payableFen: priced.payableFen,
      ...(priced.shopCouponFen + priced.platformCouponFen > 0
        ? { couponFen: priced.shopCouponFen + priced.platformCouponFen }
        : {}),
    });
    await audit(tx, {
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
    });
    await outbox.emit(tx, ORDER_TOPICS.placed, { orderId });
    await outbox.emit(tx, ORDER_TOPICS.paymentTimeout, { orderId }, { runAt: deadline });
    placed.push(order);
    uses.push({
      orderId,
      shopId: shop.id,
      shopCouponFen: priced.shopCouponFen,
      platformCouponFen: priced.platformCouponFen,
    });
  }
  await recordCouponUses(tx, chosen, uses, input.now);

  if (input.fromCart) {
    await tx
      .delete(cartItems)
      .where(
        and(
          eq(cartItems.userId, input.shopperId),
          inArray(cartItems.variantId, [...wanted.keys()]),
        ),
      );
  }
  return placed;
}
