// Prices an order of one shop: goods, the shop's 满减 discount prorated over lines, shipping.

import { prorate, type Fen } from './money.js';

export interface ShopPricingRules {
  shippingFeeFen: Fen;
  /** Shipping is free when goods reach this amount; null = never free. */
  freeShippingOverFen: Fen | null;
  /** 满减: at least this much in goods earns promoDiscountFen off; null = no promotion. */
  promoThresholdFen: Fen | null;
  promoDiscountFen: Fen;
}

export interface PricedOrder {
  goodsFen: Fen;
  discountFen: Fen;
  shippingFen: Fen;
  payableFen: Fen;
  /** Each line's share of the discount, in line order; sums to discountFen. */
  lineDiscountsFen: Fen[];
}

export function priceOrder(
  lines: readonly { unitPriceFen: Fen; quantity: number }[],
  rules: ShopPricingRules,
): PricedOrder {
  const lineTotals = lines.map((l) => l.unitPriceFen * l.quantity);
  const goodsFen = lineTotals.reduce((a, b) => a + b, 0);
  const earnsPromo = rules.promoThresholdFen !== null && goodsFen >= rules.promoThresholdFen;
  // A discount never exceeds the goods it applies to.
  const discountFen = earnsPromo ? Math.min(rules.promoDiscountFen, goodsFen) : 0;
  const freeShipping = rules.freeShippingOverFen !== null && goodsFen >= rules.freeShippingOverFen;
  const shippingFen = freeShipping ? 0 : rules.shippingFeeFen;
  return {
    goodsFen,
    discountFen,
    shippingFen,
    payableFen: goodsFen - discountFen + shippingFen,
    lineDiscountsFen: prorate(discountFen, lineTotals),
  };
}
