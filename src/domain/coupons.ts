// Coupons (优惠券): what one takes off, when it may be used, and which ones checkout preselects.
// A coupon is a definition (scope, kind, amounts, validity) issued to shoppers; the shopper's copy
// carries the status. Amounts are integer fen; a percentage is a whole number of percent.

import { DomainError } from './errors.js';
import type { Fen } from './money.js';

export const COUPON_SCOPES = ['platform', 'shop'] as const;
export type CouponScope = (typeof COUPON_SCOPES)[number];

/** amount_off: 满 threshold 减 amount. percent_off: percent off the goods, at most capFen. */
export const COUPON_KINDS = ['amount_off', 'percent_off'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

export const SHOPPER_COUPON_STATUSES = ['available', 'used', 'returned', 'expired'] as const;
export type ShopperCouponStatus = (typeof SHOPPER_COUPON_STATUSES)[number];

export interface CouponTerms {
  scope: CouponScope;
  /** The shop a shop coupon belongs to; null for a platform coupon. */
  shopId: number | null;
  kind: CouponKind;
  /** The goods (after 满减 and, for a platform coupon, shop coupons) must reach this. */
  thresholdFen: Fen;
  /** amount_off: what comes off. */
  amountOffFen: Fen;
  /** percent_off: 1..99. */
  percentOff: number;
  /** percent_off: the most it takes off; null = no cap. */
  capFen: Fen | null;
  validFrom: Date;
  /** Exclusive: at this instant the coupon has expired. */
  validUntil: Date;
}

/** A coupon as a shopper holds it: the shopper_coupons id with the definition's terms. */
export interface HeldCoupon extends CouponTerms {
  id: number;
  status: ShopperCouponStatus;
}

/** Why a coupon definition is refused, or null when its terms are sound. */
export function checkCouponTerms(t: CouponTerms): string | null {
  if ((t.scope === 'shop') !== (t.shopId !== null)) return 'scope';
  if (!Number.isSafeInteger(t.thresholdFen) || t.thresholdFen < 0) return 'thresholdFen';
  if (t.kind === 'amount_off') {
    if (!Number.isSafeInteger(t.amountOffFen) || t.amountOffFen < 1) return 'amountOffFen';
  } else {
    if (!Number.isInteger(t.percentOff) || t.percentOff < 1 || t.percentOff > 99)
      return 'percentOff';
    if (t.capFen !== null && (!Number.isSafeInteger(t.capFen) || t.capFen < 1)) return 'capFen';
  }
  if (!(t.validFrom.getTime() < t.validUntil.getTime())) return 'validUntil';
  return null;
}

/** Throws COUPON_INVALID naming the field when the terms are not sound. */
export function assertCouponTerms(t: CouponTerms): void {
  const field = checkCouponTerms(t);
  if (field !== null) throw new DomainError('COUPON_INVALID', { field });
}

export function isWithinValidity(t: Pick<CouponTerms, 'validFrom' | 'validUntil'>, now: Date) {
  return t.validFrom.getTime() <= now.getTime() && now.getTime() < t.validUntil.getTime();
}

/** What the coupon takes off goods worth `baseFen`; 0 below its threshold. Never more than base. */
export function couponDiscountFen(t: CouponTerms, baseFen: Fen): Fen {
  if (baseFen <= 0 || baseFen < t.thresholdFen) return 0;
  if (t.kind === 'amount_off') return Math.min(t.amountOffFen, baseFen);
  // BigInt-free: base × 99 stays far below 2^53 for any real order.
  const off = Math.floor((baseFen * t.percentOff) / 100);
  return Math.min(t.capFen ?? off, off, baseFen);
}

/** The coupon can pay for this checkout now: still available, in its window, the right shop. */
export function isUsable(c: HeldCoupon, now: Date, shopIds: readonly number[]): boolean {
  if (c.status !== 'available' && c.status !== 'returned') return false;
  if (!isWithinValidity(c, now)) return false;
  return c.scope === 'platform' || (c.shopId !== null && shopIds.includes(c.shopId));
}

/**
 * The better of two coupons for the same base: more off, then the one expiring sooner (use it
 * before it lapses), then the lower id, so the pick is deterministic.
 */
export function betterCoupon<C extends HeldCoupon>(a: C, b: C, baseFen: Fen): C {
  const da = couponDiscountFen(a, baseFen);
  const db = couponDiscountFen(b, baseFen);
  if (da !== db) return da > db ? a : b;
  if (a.validUntil.getTime() !== b.validUntil.getTime())
    return a.validUntil.getTime() < b.validUntil.getTime() ? a : b;
  return a.id <= b.id ? a : b;
}

/** The coupon taking the most off `baseFen`, or null when none takes anything off. */
export function bestCoupon<C extends HeldCoupon>(candidates: readonly C[], baseFen: Fen): C | null {
  let best: C | null = null;
  for (const c of candidates) {
    if (couponDiscountFen(c, baseFen) === 0) continue;
    best = best === null ? c : betterCoupon(best, c, baseFen);
  }
  return best;
}
