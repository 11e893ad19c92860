import type { z } from 'zod';
import type { myCoupon, myCouponState } from '../../../contracts/coupons.js';
import type { Executor } from '../../platform/db/client.js';
import { heldCoupons, stateOf } from './held.js';
import { couponView } from './views.js';

/** 我的优惠券: the shopper's coupons, optionally one group of 可用 / 已使用 / 已过期. */
export async function myCoupons(
  db: Executor,
  shopperId: number,
  state: z.infer<typeof myCouponState> | undefined,
  now: Date,
): Promise<z.infer<typeof myCoupon>[]> {
  const held = await heldCoupons(db, shopperId);
  return held
    .map((h) => ({
      ...couponView(h.coupon),
      id: h.id,
      couponId: h.coupon.id,
      state: stateOf(h, now),
      shopName: h.shopName,
      issuedAt: h.row.issuedAt.toISOString(),
      usedAt: h.status === 'used' && h.row.usedAt ? h.row.usedAt.toISOString() : null,
    }))
    .filter((c) => state === undefined || c.state === state);
}
