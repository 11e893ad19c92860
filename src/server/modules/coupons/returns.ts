// What cancellation needs of coupons: the coupons used on the order (locked after the order and
// its lines, before the variants: the fixed order order → lines → coupons → variants), with
// every other order each one paid for; and the writes that give a coupon back.

import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { couponFateView } from '../../../contracts/coupons.js';
import type { CouponOutcome, CouponUse } from '../../../domain/coupon-return.js';
import type { Executor } from '../../platform/db/client.js';
import { couponUses, coupons, orders, shopperCoupons } from '../../platform/db/schema/index.js';
import type { WriteBatch } from '../../platform/db/write-batch.js';

export interface LoadedCouponUse extends CouponUse {
  title: string;
  titleEn: string;
}

/**
 * The coupons used on an order (not yet given back). With `lock`, the shopper's coupon rows are
 * locked first and the other orders are read in a second statement, after the lock: two
 * cancellations of orders sharing a platform coupon queue on the coupon, so the second sees the
 * first's order cancelled and gives the coupon back.
 */
export async function loadCouponUses(
  tx: Executor,
  orderId: number,
  opts: { lock: boolean },
): Promise<LoadedCouponUse[]> {
  const base = tx
    .select({
      id: shopperCoupons.id,
      scope: coupons.scope,
      discountFen: couponUses.discountFen,
      validFrom: coupons.validFrom,
      validUntil: coupons.validUntil,
      title: coupons.title,
      titleEn: coupons.titleEn,
    })
    .from(couponUses)
    .innerJoin(shopperCoupons, eq(shopperCoupons.id, couponUses.shopperCouponId))
    .innerJoin(coupons, eq(coupons.id, shopperCoupons.couponId))
    .where(and(eq(couponUses.orderId, orderId), isNull(couponUses.returnedAt)))
    .orderBy(asc(shopperCoupons.id));
  const used = opts.lock ? await base.for('update', { of: shopperCoupons }) : await base;
  if (used.length === 0) return [];
  const others = await tx
    .select({
      shopperCouponId: couponUses.shopperCouponId,
      orderId: couponUses.orderId,
      cancelled: sql<boolean>`${orders.status} = 'cancelled'`,
    })
    .from(couponUses)
    .innerJoin(orders, eq(orders.id, couponUses.orderId))
    .where(
      and(
        inArray(
          couponUses.shopperCouponId,
          used.map((u) => u.id),
        ),
        ne(couponUses.orderId, orderId),
        isNull(couponUses.returnedAt),
      ),
    );
  return used.map((u) => ({
    shopperCouponId: u.id,
    scope: u.scope,
    discountFen: u.discountFen,
    validFrom: u.validFrom,
    validUntil: u.validUntil,
    title: u.title,
    titleEn: u.titleEn,
    otherOrders: others
      .filter((o) => o.shopperCouponId === u.id)
      .map((o) => ({ orderId: o.orderId, cancelled: o.cancelled })),
  }));
}

/**
 * Writes what the plan decided: a returned coupon is usable again and its uses are closed; one
 * that expired while it paid for the order is marked expired (已过期), as the preview said.
 */
export function writeCouponReturns(
  batch: WriteBatch,
  outcomes: readonly CouponOutcome[],
  now: Date,
): void {
  const returned = outcomes.filter((o) => o.fate === 'returned').map((o) => o.shopperCouponId);
  const expired = outcomes.filter((o) => o.fate === 'expired').map((o) => o.shopperCouponId);
  if (returned.length > 0) {
    batch.change(sql`UPDATE shopper_coupons SET status = 'returned', returned_at = ${now.toISOString()}::timestamptz
      WHERE id = ANY(${sql.param(returned)}::bigint[])`);
    batch.change(sql`UPDATE coupon_uses SET returned_at = ${now.toISOString()}::timestamptz
      WHERE shopper_coupon_id = ANY(${sql.param(returned)}::bigint[]) AND returned_at IS NULL`);
  }
  if (expired.length > 0)
    batch.change(sql`UPDATE shopper_coupons SET status = 'expired'
      WHERE id = ANY(${sql.param(expired)}::bigint[])`);
}

const FATE_TEXT: Record<CouponOutcome['fate'], { zh: string; en: string }> = {
  returned: { zh: '优惠券将退回您的账户', en: 'The coupon goes back to your account.' },
  expired: {
    zh: '优惠券已过期，取消后不退回',
    en: 'The coupon has expired and will not come back.',
  },
  kept_partial: {
    zh: '部分取消不退回优惠券，按各商品实付金额退款',
    en: 'A partial cancellation keeps the coupon used; each item refunds what it paid.',
  },
  kept_other_orders: {
    zh: '该平台券同时用于其他订单，全部取消后才退回',
    en: 'This platform coupon also paid for other orders; it comes back once all are cancelled.',
  },
};

export type CouponFateView = z.infer<typeof couponFateView>;

export function couponFateViews(
  outcomes: readonly CouponOutcome[],
  uses: readonly LoadedCouponUse[],
): CouponFateView[] {
  return outcomes.map((o) => {
    const use = uses.find((u) => u.shopperCouponId === o.shopperCouponId);
    return {
      shopperCouponId: o.shopperCouponId,
      scope: o.scope,
      title: use?.title ?? '',
      titleEn: use?.titleEn ?? '',
      discountFen: o.discountFen,
      fate: o.fate,
      text: FATE_TEXT[o.fate],
    };
  });
}
