import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceOrder, type ShopPricingRules } from './pricing.js';

const rules: ShopPricingRules = {
  shippingFeeFen: 1000,
  freeShippingOverFen: 9900,
  promoThresholdFen: 20000,
  promoDiscountFen: 2000,
};

describe('priceOrder', () => {
  it.each([
    // goods below free shipping and promo: pay goods + shipping
    [
      [{ unitPriceFen: 5000, quantity: 1 }],
      { goodsFen: 5000, discountFen: 0, shippingFen: 1000, payableFen: 6000 },
    ],
    // free shipping reached, no promo
    [
      [{ unitPriceFen: 9900, quantity: 1 }],
      { goodsFen: 9900, discountFen: 0, shippingFen: 0, payableFen: 9900 },
    ],
    // promo reached: 满200减20
    [
      [
        { unitPriceFen: 15000, quantity: 1 },
        { unitPriceFen: 2500, quantity: 2 },
      ],
      { goodsFen: 20000, discountFen: 2000, shippingFen: 0, payableFen: 18000 },
    ],
  ])('prices %j', (lines, expected) => {
    expect(priceOrder(lines, rules)).toMatchObject(expected);
  });

  it('prorates the discount by line value', () => {
    const priced = priceOrder(
      [
        { unitPriceFen: 15000, quantity: 1 },
        { unitPriceFen: 2500, quantity: 2 },
      ],
      rules,
    );
    expect(priced.lineDiscountsFen).toEqual([1500, 500]);
  });

  it('never discounts more than the goods and line shares always sum to the discount', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            unitPriceFen: fc.integer({ min: 0, max: 1_000_000 }),
            quantity: fc.integer({ min: 1, max: 20 }),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.integer({ min: 0, max: 5_000_000 }),
        (lines, discount) => {
          const p = priceOrder(lines, {
            ...rules,
            promoThresholdFen: 0,
            promoDiscountFen: discount,
          });
          expect(p.discountFen).toBeLessThanOrEqual(p.goodsFen);
          expect(p.lineDiscountsFen.reduce((a, b) => a + b, 0)).toBe(p.discountFen);
          p.lineDiscountsFen.forEach((d, i) => {
            const line = lines[i];
            expect(d).toBeLessThanOrEqual(line ? line.unitPriceFen * line.quantity : 0);
          });
          expect(p.payableFen).toBe(p.goodsFen - p.discountFen + p.shippingFen);
        },
      ),
    );
  });
});
