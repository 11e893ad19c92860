import { describe, expect, it } from 'vitest';
import { couponFate, type CouponUse } from './coupon-return.js';

const now = new Date('2026-12-06T10:00:00Z');
const use = (over: Partial<CouponUse> = {}): CouponUse => ({
  shopperCouponId: 1,
  scope: 'shop',
  discountFen: 500,
  validFrom: new Date('2026-12-01T00:00:00Z'),
  validUntil: new Date('2026-12-31T16:00:00Z'),
  otherOrders: [],
  ...over,
});

describe('couponFate', () => {
  it.each([
    ['whole order cancelled, coupon still valid', use(), true, 'returned'],
    ['partial cancellation', use(), false, 'kept_partial'],
    [
      'whole order cancelled, coupon expired',
      use({ validUntil: new Date('2026-12-06T09:59:59Z') }),
      true,
      'expired',
    ],
    ['expiring at this very instant', use({ validUntil: now }), true, 'expired'],
    [
      'platform coupon, another shop order still open',
      use({ scope: 'platform', otherOrders: [{ orderId: 2, cancelled: false }] }),
      true,
      'kept_other_orders',
    ],
    [
      'platform coupon, every other shop order cancelled',
      use({
        scope: 'platform',
        otherOrders: [
          { orderId: 2, cancelled: true },
          { orderId: 3, cancelled: true },
        ],
      }),
      true,
      'returned',
    ],
    [
      'platform coupon, the last order cancelled after the coupon expired',
      use({
        scope: 'platform',
        validUntil: new Date('2026-12-05T00:00:00Z'),
        otherOrders: [{ orderId: 2, cancelled: true }],
      }),
      true,
      'expired',
    ],
    [
      'platform coupon, partial cancellation of one order',
      use({ scope: 'platform', otherOrders: [{ orderId: 2, cancelled: true }] }),
      false,
      'kept_partial',
    ],
  ])('%s', (_, u, whole, fate) => {
    expect(couponFate(u, whole, now)).toBe(fate);
  });
});
