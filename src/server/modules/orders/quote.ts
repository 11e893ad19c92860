import { inArray } from 'drizzle-orm';
import {
  bestCoupons,
  chosenCouponIds,
  priceCheckout,
  resolveChosen,
} from '../../../domain/coupon-pricing.js';
import type { Quote } from '../../../contracts/orders.js';
import type { Db } from '../../platform/db/client.js';
import { shops, variants } from '../../platform/db/schema/index.js';
import { checkoutCoupons } from '../coupons/checkout.js';
import { heldCoupons } from '../coupons/held.js';

/**
 * What a checkout would cost, per shop, with the same pricing function that places orders, and
 * the shopper's coupons for it: the ones asked for, or else the best pick preselected. Reads
 * only: stock and coupons can still change before the order is placed, which then says so.
 */
export async function quoteOrders(
  db: Db,
  items: { variantId: number; quantity: number }[],
  who: { shopperId: number; couponIds: number[] | undefined; now: Date },
): Promise<Quote> {
  const wanted = new Map<number, number>();
  for (const i of items) wanted.set(i.variantId, (wanted.get(i.variantId) ?? 0) + i.quantity);
  const found = await db
    .select()
    .from(variants)
    .where(inArray(variants.id, [...wanted.keys()]));
  const problems: Quote['problems'] = [];
  for (const [variantId, q] of wanted) {
    const v = found.find((f) => f.id === variantId);
    if (!v || v.deletedAt !== null)
      problems.push({ variantId, code: 'VARIANT_NOT_FOUND', available: 0 });
    else if (v.stockAvailable < q)
      problems.push({ variantId, code: 'OUT_OF_STOCK', available: v.stockAvailable });
  }
  const sellable = found.filter((v) => v.deletedAt === null);
  const shopRows = sellable.length
    ? await db
        .select()
        .from(shops)
        .where(inArray(shops.id, [...new Set(sellable.map((v) => v.shopId))]))
    : [];
  const sorted = shopRows.sort((a, b) => a.id - b.id);
  const checkout = sorted.map((shop) => ({
    shopId: shop.id,
    lines: sellable
      .filter((v) => v.shopId === shop.id)
      .map((v) => ({ unitPriceFen: v.priceFen, quantity: wanted.get(v.id) ?? 0 })),
    rules: shop,
  }));
  const held = await heldCoupons(db, who.shopperId);
  const chosen =
    who.couponIds === undefined
      ? bestCoupons(checkout, held, who.now)
      : resolveChosen(
          who.couponIds,
          held,
          sorted.map((s) => s.id),
          who.now,
        );
  const priced = priceCheckout(checkout, chosen);
  const orders = sorted.map((shop, i) => {
    const o = priced.orders[i];
    if (!o) throw new Error(`no price for shop ${shop.id}`);
    return {
      shop: { id: shop.id, name: shop.name, nameEn: shop.nameEn },
      goodsFen: o.goodsFen,
      discountFen: o.discountFen,
      promoDiscountFen: o.promoDiscountFen,
      shopCouponFen: o.shopCouponFen,
      platformCouponFen: o.platformCouponFen,
      shippingFen: o.shippingFen,
      payableFen: o.payableFen,
    };
  });
  return {
    orders,
    totalFen: priced.totalFen,
    problems,
    coupons: checkoutCoupons(held, checkout, priced, who.now),
    couponIds: chosenCouponIds(chosen),
  };
}
