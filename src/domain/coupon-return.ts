// What cancelling does to the coupons that paid for an order. A coupon comes back only when the
// whole of every order it paid for is cancelled and it is still valid: a partial cancellation
// keeps it (each line refunds its paid share, coupon already deducted), and a platform coupon
// spread over several shop orders waits until the last of them is cancelled.

import { isWithinValidity } from './coupons.js';

/** A coupon used on the order being cancelled, with every order it paid for. */
export interface CouponUse {
  shopperCouponId: number;
  scope: 'platform' | 'shop';
  /** The coupon's discount on this order. */
  discountFen: number;
  validFrom: Date;
  validUntil: Date;
  /** The other orders the same coupon paid for, and whether each is already wholly cancelled. */
  otherOrders: readonly { orderId: number; cancelled: boolean }[];
}

/**
 * returned — comes back to the shopper's coupons;
 * expired — the whole order is cancelled but the coupon's validity has ended: not returned;
 * kept_partial — a partial cancellation: the coupon stays used;
 * kept_other_orders — a platform coupon whose other shop orders are not all cancelled yet.
 */
export type CouponFate = 'returned' | 'expired' | 'kept_partial' | 'kept_other_orders';

export interface CouponOutcome {
  shopperCouponId: number;
  scope: 'platform' | 'shop';
  discountFen: number;
  fate: CouponFate;
}

export function couponFate(use: CouponUse, wholeOrderCancelled: boolean, now: Date): CouponFate {
  if (!wholeOrderCancelled) return 'kept_partial';
  if (use.otherOrders.some((o) => !o.cancelled)) return 'kept_other_orders';
  // It was valid when used, so only the end of its window can have passed since.
  if (!isWithinValidity(use, now)) return 'expired';
  return 'returned';
}

/** The fate of every coupon used on the order, for the preview and the plan alike. */
export function couponOutcomes(
  uses: readonly CouponUse[],
  wholeOrderCancelled: boolean,
  now: Date,
): CouponOutcome[] {
  return uses.map((u) => ({
    shopperCouponId: u.shopperCouponId,
    scope: u.scope,
    discountFen: u.discountFen,
    fate: couponFate(u, wholeOrderCancelled, now),
  }));
}
