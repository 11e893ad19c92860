import { z } from 'zod';
import { fen, isoDateTime } from './common.js';

const text = z.object({ zh: z.string(), en: z.string() });

export const couponScope = z.enum(['platform', 'shop']);
export const couponKind = z.enum(['amount_off', 'percent_off']);

/**
 * A new coupon. amount_off: 满 thresholdFen 减 amountOffFen. percent_off: percentOff % off
 * (1-99), at most capFen. The operator names the scope (a shop coupon names its shop); a
 * merchant's coupon is always for their own shop, and the scope fields are ignored.
 */
export const createCouponRequest = z.strictObject({
  title: z.string().trim().min(1).max(40),
  titleEn: z.string().trim().min(1).max(80),
  scope: couponScope.default('platform'),
  shopId: z.number().int().positive().nullable().default(null),
  kind: couponKind,
  thresholdFen: fen.max(100_000_000).default(0),
  amountOffFen: fen.max(100_000_000).default(0),
  percentOff: z.number().int().min(0).max(99).default(0),
  capFen: fen.max(100_000_000).nullable().default(null),
  validFrom: z.iso.datetime({ offset: true }),
  validUntil: z.iso.datetime({ offset: true }),
});
export type CreateCouponRequest = z.infer<typeof createCouponRequest>;

export const couponView = z.object({
  id: z.number().int(),
  scope: couponScope,
  shopId: z.number().int().nullable(),
  title: z.string(),
  titleEn: z.string(),
  kind: couponKind,
  thresholdFen: fen,
  amountOffFen: fen,
  percentOff: z.number().int(),
  capFen: fen.nullable(),
  validFrom: isoDateTime,
  validUntil: isoDateTime,
  /** The terms in words: 满100减20, 9折 最多减10元. */
  terms: text,
});
export type CouponView = z.infer<typeof couponView>;

export const couponList = z.object({ items: z.array(couponView) });

/** Whom to issue to: email addresses and mainland mobiles, or shopper ids (at most 500). */
export const issueCouponRequest = z
  .strictObject({
    recipients: z.array(z.string().trim().min(3).max(254)).max(500).default([]),
    shopperIds: z.array(z.number().int().positive()).max(500).default([]),
  })
  .refine((r) => r.recipients.length + r.shopperIds.length > 0, 'name at least one shopper');

export const issueCouponResponse = z.object({
  /** Newly issued. */
  issued: z.number().int(),
  /** Already held that coupon: issuing again gives no second copy. */
  alreadyHeld: z.number().int(),
});

/** 可用 (available or returned and still valid) / 已使用 / 已过期. */
export const myCouponState = z.enum(['available', 'used', 'expired']);

export const myCouponsQuery = z.object({ state: myCouponState.optional() });

export const myCoupon = couponView.extend({
  /** The shopper's copy: what checkout and orders refer to. */
  id: z.number().int(),
  couponId: z.number().int(),
  state: myCouponState,
  shopName: z.string().nullable(),
  issuedAt: isoDateTime,
  usedAt: isoDateTime.nullable(),
});
export const myCoupons = z.object({ items: z.array(myCoupon) });

/** A coupon at checkout: what it would take off, or why it cannot be used now. */
export const checkoutCoupon = myCoupon.extend({
  usable: z.boolean(),
  /** With the other preselected coupons, what choosing this one takes off. */
  discountFen: fen,
});

export const couponFate = z.enum(['returned', 'expired', 'kept_partial', 'kept_other_orders']);

/** What a cancellation does to a coupon used on the order. */
export const couponFateView = z.object({
  shopperCouponId: z.number().int(),
  scope: couponScope,
  title: z.string(),
  titleEn: z.string(),
  discountFen: fen,
  fate: couponFate,
  text,
});
