import { describe, expect, it } from 'vitest';
import {
  bestCoupon,
  checkCouponTerms,
  couponDiscountFen,
  isUsable,
  type CouponTerms,
  type HeldCoupon,
} from './coupons.js';

const from = new Date('2026-12-01T00:00:00Z');
const until = new Date('2026-12-31T16:00:00Z');
const now = new Date('2026-12-06T10:00:00Z');

const amountOff = (amountOffFen: number, thresholdFen: number): CouponTerms => ({
  scope: 'platform',
  shopId: null,
  kind: 'amount_off',
  thresholdFen,
  amountOffFen,
  percentOff: 0,
  capFen: null,
  validFrom: from,
  validUntil: until,
});
const percentOff = (percent: number, capFen: number | null, thresholdFen = 0): CouponTerms => ({
  ...amountOff(0, thresholdFen),
  kind: 'percent_off',
  percentOff: percent,
  capFen,
});
const held = (id: number, t: CouponTerms, extra: Partial<HeldCoupon> = {}): HeldCoupon => ({
  ...t,
  id,
  status: 'available',
  ...extra,
});

describe('couponDiscountFen', () => {
  it.each([
    ['满100减20 on ¥150', amountOff(2000, 10000), 15000, 2000],
    ['满100减20 on exactly ¥100', amountOff(2000, 10000), 10000, 2000],
    ['满100减20 on ¥99.99: below the threshold', amountOff(2000, 10000), 9999, 0],
    ['无门槛减50 on ¥30: never more than the goods', amountOff(5000, 0), 3000, 3000],
    ['9折 capped at ¥10 on ¥50', percentOff(10, 1000), 5000, 500],
    ['9折 capped at ¥10 on ¥500', percentOff(10, 1000), 50000, 1000],
    ['15% off ¥0.99 rounds down', percentOff(15, null), 99, 14],
    ['percent off with a threshold, below it', percentOff(20, null, 10000), 9000, 0],
    ['nothing to discount', amountOff(500, 0), 0, 0],
  ])('%s', (_, terms, base, expected) => {
    expect(couponDiscountFen(terms, base)).toBe(expected);
  });
});

describe('checkCouponTerms', () => {
  it.each([
    ['a sound amount coupon', amountOff(2000, 10000), null],
    ['a sound percent coupon', percentOff(10, 1000), null],
    ['a shop coupon without a shop', { ...amountOff(100, 0), scope: 'shop' as const }, 'scope'],
    ['a platform coupon naming a shop', { ...amountOff(100, 0), shopId: 3 }, 'scope'],
    ['nothing off', amountOff(0, 0), 'amountOffFen'],
    ['100% off', percentOff(100, null), 'percentOff'],
    ['a zero cap', percentOff(10, 0), 'capFen'],
    ['a window that ends before it starts', { ...amountOff(1, 0), validUntil: from }, 'validUntil'],
  ])('%s', (_, terms, field) => {
    expect(checkCouponTerms(terms)).toBe(field);
  });
});

describe('isUsable', () => {
  const shopCoupon = held(1, { ...amountOff(500, 0), scope: 'shop', shopId: 7 });
  it.each([
    ['available, in its window', held(1, amountOff(500, 0)), now, [1], true],
    [
      'returned after a cancellation: usable again',
      held(1, amountOff(500, 0), { status: 'returned' }),
      now,
      [1],
      true,
    ],
    ['already used', held(1, amountOff(500, 0), { status: 'used' }), now, [1], false],
    ['not yet valid', held(1, amountOff(500, 0)), new Date('2026-11-30T23:59:59Z'), [1], false],
    ['at the end of its window', held(1, amountOff(500, 0)), until, [1], false],
    ['a shop coupon with that shop in the checkout', shopCoupon, now, [3, 7], true],
    ['a shop coupon for another shop', shopCoupon, now, [3], false],
  ])('%s', (_, c, at, shops, expected) => {
    expect(isUsable(c, at, shops)).toBe(expected);
  });
});

describe('bestCoupon', () => {
  it('picks the most off, then the one expiring sooner, then the lower id', () => {
    const a = held(1, amountOff(1000, 0));
    const b = held(2, percentOff(10, 3000));
    const soon = held(3, { ...amountOff(1000, 0), validUntil: new Date('2026-12-10T00:00:00Z') });
    expect(bestCoupon([a, b], 20000)?.id).toBe(b.id); // 10% of ¥200 = ¥20 > ¥10
    expect(bestCoupon([a, b], 5000)?.id).toBe(a.id); // ¥10 > ¥5
    expect(bestCoupon([a, soon], 5000)?.id).toBe(soon.id);
    expect(bestCoupon([held(9, amountOff(1000, 0)), a], 5000)?.id).toBe(a.id);
  });

  it('picks nothing when no coupon reaches its threshold', () => {
    expect(bestCoupon([held(1, amountOff(1000, 10000))], 9999)).toBeNull();
  });
});
