// What orders need of coupons at checkout: the shopper's coupons as the checkout page lists
// them, and the uses a placed checkout writes.

import { inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { checkoutCoupon } from '../../../contracts/coupons.js';
import type { CheckoutShop, PricedCheckout } from '../../../domain/coupon-pricing.js';
import { couponDiscountFen, isUsable } from '../../../domain/coupons.js';
import type { Executor } from '../../platform/db/client.js';
import type { WriteBatch } from '../../platform/db/write-batch.js';
import { couponUses, shopperCoupons } from '../../platform/db/schema/index.js';
import { stateOf, type HeldRow } from './held.js';
import { couponView } from './views.js';

export type CheckoutCoupon = z.infer<typeof checkoutCoupon>;

/**
 * The shopper's coupons not yet used or expired, each with what it takes off this checkout: a
 * shop coupon on its shop's goods after 满减, a platform coupon on what is left after 满减 and
 * the chosen shop coupons. A coupon that takes nothing off (below its threshold) is not usable.
 */
export function checkoutCoupons(
  held: readonly HeldRow[],
  shops: readonly CheckoutShop[],
  priced: PricedCheckout,
  now: Date,
): CheckoutCoupon[] {
  const shopIds = shops.map((s) => s.shopId);
  const afterShops = priced.orders.reduce(
    (n, o) => n + o.goodsFen - o.promoDiscountFen - o.shopCouponFen,
    0,
  );
  return held
    .filter((h) => stateOf(h, now) === 'available')
    .map((h) => {
      const order = priced.orders.find((o) => o.shopId === h.shopId);
      const base =
        h.scope === 'platform' ? afterShops : order ? order.goodsFen - order.promoDiscountFen : 0;
      const discountFen = isUsable(h, now, shopIds) ? couponDiscountFen(h, base) : 0;
      return {
        ...couponView(h.coupon),
        id: h.id,
        couponId: h.coupon.id,
        state: 'available' as const,
        shopName: h.shopName,
        issuedAt: h.row.issuedAt.toISOString(),
        usedAt: null,
        usable: discountFen > 0,
        discountFen,
      };
    });
}

/**
 * Marks the spent coupons used and records which orders each paid for (a platform coupon: every
 * order that took a share of it), in the placing transaction's batch, under the coupons' locks.
 */
export function writeCouponUses(
  tx: Executor,
  batch: WriteBatch,
  uses: readonly (typeof couponUses.$inferInsert)[],
  spent: readonly number[],
  now: Date,
): void {
  if (uses.length > 0) batch.insert(couponUses, [...uses]);
  if (spent.length > 0)
    batch.change(
      tx
        .update(shopperCoupons)
        .set({ status: 'used', usedAt: now })
        .where(inArray(shopperCoupons.id, [...spent])),
    );
}
