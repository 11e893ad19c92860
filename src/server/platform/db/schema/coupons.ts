import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { shops } from './catalog.js';
import { orders } from './orders.js';

/**
 * A coupon definition (优惠券): platform-wide, or one shop's. Issued to shoppers as
 * shopper_coupons rows; the definition itself never changes once issued.
 */
export const coupons = pgTable(
  'coupons',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scope: text('scope', { enum: ['platform', 'shop'] }).notNull(),
    shopId: bigint('shop_id', { mode: 'number' }).references(() => shops.id),
    title: text('title').notNull(),
    titleEn: text('title_en').notNull(),
    kind: text('kind', { enum: ['amount_off', 'percent_off'] }).notNull(),
    thresholdFen: bigint('threshold_fen', { mode: 'number' }).notNull().default(0),
    amountOffFen: bigint('amount_off_fen', { mode: 'number' }).notNull().default(0),
    percentOff: integer('percent_off').notNull().default(0),
    capFen: bigint('cap_fen', { mode: 'number' }),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdRole: text('created_role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('coupons_shop_idx').on(t.shopId, t.id),
    check('coupons_scope_shop', sql`(${t.scope} = 'shop') = (${t.shopId} IS NOT NULL)`),
    check(
      'coupons_amounts',
      sql`${t.thresholdFen} >= 0 AND ((${t.kind} = 'amount_off' AND ${t.amountOffFen} > 0) OR (${t.kind} = 'percent_off' AND ${t.percentOff} BETWEEN 1 AND 99 AND (${t.capFen} IS NULL OR ${t.capFen} > 0)))`,
    ),
    check('coupons_window', sql`${t.validFrom} < ${t.validUntil}`),
  ],
);

export const shopperCouponStatuses = ['available', 'used', 'returned', 'expired'] as const;

/**
 * A coupon issued to one shopper, once per coupon and shopper. `used` while it pays for a
 * checkout (coupon_uses says which orders); `returned` when a cancellation gave it back, usable
 * again. Locked FOR UPDATE by placement and by cancellation, so it pays for one checkout at once.
 */
export const shopperCoupons = pgTable(
  'shopper_coupons',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    couponId: bigint('coupon_id', { mode: 'number' })
      .notNull()
      .references(() => coupons.id),
    shopperId: bigint('shopper_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: shopperCouponStatuses }).notNull().default('available'),
    issuedBy: bigint('issued_by', { mode: 'number' }),
    issuedRole: text('issued_role').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('shopper_coupons_once').on(t.couponId, t.shopperId),
    index('shopper_coupons_shopper_idx').on(t.shopperId, t.id),
  ],
);

/**
 * Which orders a shopper's coupon paid for, and how much it took off each: one row per order
 * (a platform coupon has one per shop order of its checkout). `returned_at` is set on every row
 * of a use when the coupon comes back, so a later use starts afresh.
 */
export const couponUses = pgTable(
  'coupon_uses',
  {
    shopperCouponId: bigint('shopper_coupon_id', { mode: 'number' })
      .notNull()
      .references(() => shopperCoupons.id),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    discountFen: bigint('discount_fen', { mode: 'number' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull(),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.shopperCouponId, t.orderId] }),
    index('coupon_uses_order_idx').on(t.orderId),
    check('coupon_uses_discount', sql`${t.discountFen} >= 0`),
  ],
);
