import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertEveryCouponApplies,
  bestCoupons,
  priceCheckout,
  resolveChosen,
  type CheckoutShop,
  type ChosenCoupons,
} from './coupon-pricing.js';
import type { CouponTerms, HeldCoupon } from './coupons.js';
import type { AfterSalesPolicy } from './after-sales-policy.js';
import type { CancellableLine, CancellableOrder } from './cancellation-rules.js';
import { remainingUnits } from './cancellation-rules.js';
import { couponOutcomes } from './coupon-return.js';
import type { ShopPricingRules } from './pricing.js';
import { planCancellationRefund } from './refund-calculation.js';

const now = new Date('2026-12-06T10:00:00Z');
const window = {
  validFrom: new Date('2026-12-01T00:00:00Z'),
  validUntil: new Date('2027-01-01T00:00:00Z'),
};
const noPromo: ShopPricingRules = {
  shippingFeeFen: 1000,
  freeShippingOverFen: 9900,
  promoThresholdFen: null,
  promoDiscountFen: 0,
};
const promo200minus20: ShopPricingRules = {
  ...noPromo,
  promoThresholdFen: 20000,
  promoDiscountFen: 2000,
};
const terms = (t: Partial<CouponTerms>): CouponTerms => ({
  scope: 'platform',
  shopId: null,
  kind: 'amount_off',
  thresholdFen: 0,
  amountOffFen: 0,
  percentOff: 0,
  capFen: null,
  ...window,
  ...t,
});
const held = (id: number, t: Partial<CouponTerms>): HeldCoupon => ({
  ...terms(t),
  id,
  status: 'available',
});
const none: ChosenCoupons = { shop: new Map(), platform: null };

describe('priceCheckout', () => {
  const shopA: CheckoutShop = {
    shopId: 1,
    lines: [
      { unitPriceFen: 15000, quantity: 1 },
      { unitPriceFen: 2500, quantity: 2 },
    ],
    rules: promo200minus20,
  };
  const shopB: CheckoutShop = {
    shopId: 2,
    lines: [{ unitPriceFen: 3333, quantity: 3 }],
    rules: noPromo,
  };

  it('without coupons prices exactly as 满减 does', () => {
    const p = priceCheckout([shopA, shopB], none);
    expect(p.orders.map((o) => [o.discountFen, o.payableFen, o.lineDiscountsFen])).toEqual([
      [2000, 18000, [1500, 500]],
      [0, 9999, [0]],
    ]);
  });

  it('applies 满减, then the shop coupon on what is left, then the platform coupon across shops', () => {
    const shopCoupon = terms({ scope: 'shop', shopId: 1, amountOffFen: 1000, thresholdFen: 18000 });
    const platform = terms({ amountOffFen: 1001 });
    const p = priceCheckout([shopA, shopB], {
      shop: new Map([[1, shopCoupon]]),
      platform,
    });
    const [a, b] = p.orders;
    // Shop 1: ¥200 − ¥20 满减 = ¥180 reaches the shop coupon's ¥180 threshold: −¥10 → ¥170.
    expect(a?.promoDiscountFen).toBe(2000);
    expect(a?.shopCouponFen).toBe(1000);
    // Platform ¥10.01 over ¥170 and ¥99.99 by largest remainder.
    expect((a?.platformCouponFen ?? 0) + (b?.platformCouponFen ?? 0)).toBe(1001);
    expect(a?.platformCouponFen).toBe(630);
    expect(b?.platformCouponFen).toBe(371);
    expect(a?.lineDiscountsFen).toEqual([1500 + 750 + 473, 500 + 250 + 157]);
    expect(b?.lineDiscountsFen).toEqual([371]);
    // Coupons do not change shipping: it follows the goods, as before.
    expect(b?.shippingFen).toBe(0);
    expect(p.totalFen).toBe(17000 - 630 + (9999 - 371));
  });

  it('a percent coupon with a cap takes at most the cap', () => {
    const p = priceCheckout([shopB], {
      shop: new Map(),
      platform: terms({ kind: 'percent_off', percentOff: 20, capFen: 1500 }),
    });
    expect(p.platformCouponFen).toBe(1500);
  });
});

describe('bestCoupons', () => {
  const shop: CheckoutShop = {
    shopId: 5,
    lines: [{ unitPriceFen: 10000, quantity: 1 }],
    rules: noPromo,
  };
  it('preselects the best shop coupon and the platform coupon taking the most off', () => {
    const coupons = [
      held(1, { scope: 'shop', shopId: 5, amountOffFen: 500 }),
      held(2, { scope: 'shop', shopId: 5, amountOffFen: 800, thresholdFen: 10000 }),
      held(3, { scope: 'shop', shopId: 6, amountOffFen: 5000 }),
      held(4, { amountOffFen: 1000, thresholdFen: 9500 }), // ¥92 left after the shop coupon: no
      held(5, { kind: 'percent_off', percentOff: 5, capFen: null }),
    ];
    const best = bestCoupons([shop], coupons, now);
    expect(best.shop.get(5)?.id).toBe(2);
    expect(best.platform?.id).toBe(5);
  });

  it('leaves out used and expired coupons', () => {
    const used = { ...held(1, { amountOffFen: 500 }), status: 'used' as const };
    const expired = held(2, { amountOffFen: 500, validUntil: now });
    const best = bestCoupons([shop], [used, expired], now);
    expect(best.platform).toBeNull();
    expect(best.shop.size).toBe(0);
  });
});

describe('resolveChosen and assertEveryCouponApplies', () => {
  const coupons = [
    held(1, { scope: 'shop', shopId: 5, amountOffFen: 500 }),
    held(2, { scope: 'shop', shopId: 5, amountOffFen: 800 }),
    held(3, { amountOffFen: 100 }),
    held(4, { amountOffFen: 100 }),
    held(5, { amountOffFen: 100, thresholdFen: 1_000_000 }),
  ];
  it.each([
    ['one shop coupon and one platform coupon', [1, 3], null],
    ['two coupons of one shop', [1, 2], 'COUPON_NOT_USABLE'],
    ['two platform coupons', [3, 4], 'COUPON_NOT_USABLE'],
    ['a coupon the shopper does not hold', [99], 'COUPON_NOT_USABLE'],
  ])('%s', (_, ids, code) => {
    const run = () => resolveChosen(ids, coupons, [5], now);
    if (code === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a coupon below its threshold rather than spend it for nothing', () => {
    const shop: CheckoutShop = {
      shopId: 5,
      lines: [{ unitPriceFen: 1000, quantity: 1 }],
      rules: noPromo,
    };
    const chosen = resolveChosen([5], coupons, [5], now);
    expect(() => assertEveryCouponApplies(priceCheckout([shop], chosen), chosen)).toThrow(
      expect.objectContaining({ code: 'COUPON_NOT_USABLE' }),
    );
  });
});

/** Random checkouts: shops with lines and 满减, any shop coupons and a platform coupon. */
const checkoutArb = fc
  .record({
    shops: fc.array(
      fc.record({
        lines: fc.array(
          fc.record({
            unitPriceFen: fc.integer({ min: 0, max: 200_000 }),
            quantity: fc.integer({ min: 1, max: 9 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        promo: fc.option(
          fc.record({
            promoThresholdFen: fc.integer({ min: 0, max: 300_000 }),
            promoDiscountFen: fc.integer({ min: 0, max: 100_000 }),
          }),
        ),
        shippingFeeFen: fc.integer({ min: 0, max: 2000 }),
        coupon: fc.option(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 99 }), fc.nat(50_000))),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    platform: fc.option(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 99 }), fc.nat(80_000))),
  })
  .map(({ shops, platform }) => {
    const couponOf = ([percent, pct, amount]: [boolean, number, number]): CouponTerms =>
      percent
        ? terms({ kind: 'percent_off', percentOff: pct, capFen: amount > 0 ? amount : null })
        : terms({ amountOffFen: Math.max(1, amount), thresholdFen: (amount * pct) % 100_000 });
    const checkout: CheckoutShop[] = shops.map((s, i) => ({
      shopId: i + 1,
      lines: s.lines,
      rules: {
        shippingFeeFen: s.shippingFeeFen,
        freeShippingOverFen: null,
        promoThresholdFen: s.promo?.promoThresholdFen ?? null,
        promoDiscountFen: s.promo?.promoDiscountFen ?? 0,
      },
    }));
    const chosen: ChosenCoupons = {
      shop: new Map(
        shops.flatMap((s, i) =>
          s.coupon
            ? [[i + 1, { ...couponOf(s.coupon), scope: 'shop' as const, shopId: i + 1 }]]
            : [],
        ) as [number, CouponTerms][],
      ),
      platform: platform ? couponOf(platform) : null,
    };
    return { checkout, chosen };
  });

describe('priceCheckout properties', () => {
  it('every split sums exactly and no line is discounted below zero', () => {
    fc.assert(
      fc.property(checkoutArb, ({ checkout, chosen }) => {
        const p = priceCheckout(checkout, chosen);
        const plain = priceCheckout(checkout, none);
        expect(p.orders.reduce((n, o) => n + o.platformCouponFen, 0)).toBe(p.platformCouponFen);
        p.orders.forEach((o, i) => {
          const shop = checkout[i];
          if (!shop) throw new Error('shop missing');
          const lineCoupon = o.lineCouponFen.reduce((a, b) => a + b, 0);
          expect(lineCoupon).toBe(o.shopCouponFen + o.platformCouponFen);
          expect(o.lineDiscountsFen.reduce((a, b) => a + b, 0)).toBe(o.discountFen);
          expect(o.discountFen).toBe(o.promoDiscountFen + o.shopCouponFen + o.platformCouponFen);
          expect(o.promoDiscountFen).toBe(plain.orders[i]?.discountFen);
          expect(o.payableFen).toBe(o.goodsFen - o.discountFen + o.shippingFen);
          shop.lines.forEach((l, j) => {
            expect(o.lineDiscountsFen[j]).toBeLessThanOrEqual(l.unitPriceFen * l.quantity);
            expect(o.lineDiscountsFen[j]).toBeGreaterThanOrEqual(0);
          });
        });
        expect(p.totalFen).toBeLessThanOrEqual(plain.totalFen);
      }),
    );
  });
});

describe('refunds after coupons, 满减 and partial cancels', () => {
  const FULL: AfterSalesPolicy = { kind: 'full_refund', feeKind: null, feeValue: 0 };
  const FEE: AfterSalesPolicy = { kind: 'refund_minus_fee', feeKind: 'percent', feeValue: 500 };
  const stepsArb = fc.array(
    fc.record({ order: fc.nat(), line: fc.nat(), qty: fc.integer({ min: 1, max: 9 }) }),
    { maxLength: 12 },
  );

  it('never refund more than was paid; cancelling everything refunds exactly what was paid', () => {
    fc.assert(
      fc.property(checkoutArb, stepsArb, fc.boolean(), (co, steps, fees) => {
        const priced = priceCheckout(co.checkout, co.chosen);
        let orders: CancellableOrder[] = priced.orders.map((o, i) => ({
          status: 'awaiting_shipment',
          paidAt: now,
          preparingAt: null,
          paidFen: o.payableFen,
          shippingFen: o.shippingFen,
          refundedShipping: false,
          pendingRequest: false,
          lines: (co.checkout[i]?.lines ?? []).map((l, j): CancellableLine => ({
            id: j + 1,
            qtyOrdered: l.quantity,
            qtyCancelled: 0,
            qtyShipped: 0,
            unitPriceFen: l.unitPriceFen,
            discountFen: o.lineDiscountsFen[j] ?? 0,
            refundedFen: 0,
            policy: j % 2 === 0 ? FULL : FEE,
          })),
        }));
        const refunded = orders.map(() => 0);
        const cancel = (oi: number, lineId: number, quantity: number, chargeFees: boolean) => {
          const o = orders[oi];
          if (!o) return;
          const plan = planCancellationRefund(o, [{ lineId, quantity }], { chargeFees });
          refunded[oi] = (refunded[oi] ?? 0) + plan.totalFen;
          const lines = o.lines.map((l) => {
            const part = plan.lines.find((p) => p.lineId === l.id);
            return part
              ? {
                  ...l,
                  qtyCancelled: l.qtyCancelled + part.quantity,
                  refundedFen: l.refundedFen + part.refundFen,
                }
              : l;
          });
          const whole = lines.every((l) => remainingUnits(l) === 0);
          // A partial cancellation keeps every coupon.
          if (!whole) {
            const fates = couponOutcomes(
              [
                {
                  shopperCouponId: 1,
                  scope: 'shop',
                  discountFen: 1,
                  ...window,
                  otherOrders: [],
                },
              ],
              whole,
              now,
            );
            expect(fates[0]?.fate).toBe('kept_partial');
          }
          orders[oi] = {
            ...o,
            lines,
            refundedShipping: o.refundedShipping || plan.refundsShipping,
          };
        };
        for (const s of steps) {
          const oi = s.order % orders.length;
          const o = orders[oi];
          const line = o?.lines[s.line % (o?.lines.length ?? 1)];
          if (!line || remainingUnits(line) === 0) continue;
          cancel(oi, line.id, Math.min(s.qty, remainingUnits(line)), fees);
          orders.forEach((x, k) => expect(refunded[k]).toBeLessThanOrEqual(x.paidFen));
        }
        // Then the rest of every order, without fees: everything paid comes back.
        orders.forEach((o, oi) => {
          for (const l of o.lines)
            if (remainingUnits(l) > 0) cancel(oi, l.id, remainingUnits(l), false);
        });
        orders = orders.map((o) => o);
        const paid = orders.reduce((n, o) => n + o.paidFen, 0);
        const back = refunded.reduce((n, r) => n + r, 0);
        expect(back).toBeLessThanOrEqual(paid);
        if (!fees || steps.length === 0) expect(back).toBe(paid);
      }),
    );
  });
});
