import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { HeldCoupon } from '../../../domain/coupons.js';
import type { Executor } from '../../platform/db/client.js';
import { coupons, shopperCoupons, shops } from '../../platform/db/schema/index.js';
import { termsOf, type CouponRow } from './views.js';

export type ShopperCouponRow = typeof shopperCoupons.$inferSelect;

/** A shopper's coupon with its definition and shop name, as every coupon use case reads it. */
export interface HeldRow extends HeldCoupon {
  row: ShopperCouponRow;
  coupon: CouponRow;
  shopName: string | null;
}

function toHeld(r: { sc: ShopperCouponRow; c: CouponRow; shopName: string | null }): HeldRow {
  return {
    ...termsOf(r.c),
    id: r.sc.id,
    status: r.sc.status,
    row: r.sc,
    coupon: r.c,
    shopName: r.shopName,
  };
}

function select(tx: Executor) {
  return tx
    .select({ sc: shopperCoupons, c: coupons, shopName: shops.name })
    .from(shopperCoupons)
    .innerJoin(coupons, eq(coupons.id, shopperCoupons.couponId))
    .leftJoin(shops, eq(shops.id, coupons.shopId));
}

/** Every coupon the shopper holds, newest first. */
export async function heldCoupons(tx: Executor, shopperId: number): Promise<HeldRow[]> {
  const rows = await select(tx)
    .where(eq(shopperCoupons.shopperId, shopperId))
    .orderBy(sql`${shopperCoupons.id} DESC`);
  return rows.map(toHeld);
}

/**
 * Locks the shopper's chosen coupons (FOR UPDATE, ascending id) before anything else a checkout
 * locks, so two checkouts spending the same coupon queue here and the second sees it used.
 * Coupons the shopper does not hold are simply absent.
 */
export async function lockHeldCoupons(
  tx: Executor,
  shopperId: number,
  ids: readonly number[],
): Promise<HeldRow[]> {
  if (ids.length === 0) return [];
  const rows = await select(tx)
    .where(and(eq(shopperCoupons.shopperId, shopperId), inArray(shopperCoupons.id, [...ids])))
    .orderBy(asc(shopperCoupons.id))
    .for('update', { of: shopperCoupons });
  return rows.map(toHeld);
}

/** 可用 / 已使用 / 已过期, as the shopper's list groups them. */
export function stateOf(h: HeldRow, now: Date): 'available' | 'used' | 'expired' {
  if (h.status === 'used') return 'used';
  return h.status !== 'expired' && now.getTime() < h.validUntil.getTime() ? 'available' : 'expired';
}
