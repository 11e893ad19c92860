// Prices a whole checkout (one order per shop) with coupons: each shop's 满减 first
// (priceOrder), then that shop's coupon on what is left of its goods, then one platform coupon on
// what is left of all goods, split across the shop orders and then over each order's lines by
// largest remainder (prorate), like 满减. Every line's discount is the sum of its three shares,
// so the line's paid amount (price × quantity − discount) is what the refund calculation uses and
// every split sums exactly.

import {
  bestCoupon,
  couponDiscountFen,
  isUsable,
  type CouponTerms,
  type HeldCoupon,
} from './coupons.js';
import { DomainError } from './errors.js';
import { prorate, type Fen } from './money.js';
import { priceOrder, type PricedOrder, type ShopPricingRules } from './pricing.js';

export interface CheckoutShop {
  shopId: number;
  lines: readonly { unitPriceFen: Fen; quantity: number }[];
  rules: ShopPricingRules;
}

export interface ChosenCoupons<C extends CouponTerms = CouponTerms> {
  /** At most one per shop, keyed by shop id. */
  shop: ReadonlyMap<number, C>;
  platform: C | null;
}

export interface PricedShopOrder extends PricedOrder {
  shopId: number;
  /** 满减 alone. */
  promoDiscountFen: Fen;
  shopCouponFen: Fen;
  /** This order's share of the platform coupon. */
  platformCouponFen: Fen;
  /** Each line's share of both coupons, in line order; sums to shop + platform coupon. */
  lineCouponFen: Fen[];
}

export interface PricedCheckout {
  orders: PricedShopOrder[];
  /** Σ platformCouponFen over the orders. */
  platformCouponFen: Fen;
  totalFen: Fen;
}

function minus(a: readonly Fen[], b: readonly Fen[]): Fen[] {
  return a.map((x, i) => x - (b[i] ?? 0));
}

function sum(xs: readonly Fen[]): Fen {
  return xs.reduce((a, b) => a + b, 0);
}

/** Prices the checkout with the chosen coupons (terms only: usability is checked elsewhere). */
export function priceCheckout(
  shops: readonly CheckoutShop[],
  coupons: ChosenCoupons,
): PricedCheckout {
  const stage = shops.map((s) => {
    const priced = priceOrder(s.lines, s.rules);
    const lineGoods = s.lines.map((l) => l.unitPriceFen * l.quantity);
    const afterPromo = minus(lineGoods, priced.lineDiscountsFen);
    const coupon = coupons.shop.get(s.shopId);
    const shopCouponFen = coupon ? couponDiscountFen(coupon, sum(afterPromo)) : 0;
    const shopShares = prorate(shopCouponFen, afterPromo);
    return { s, priced, afterShop: minus(afterPromo, shopShares), shopCouponFen, shopShares };
  });
  const platformBase = sum(stage.map((x) => sum(x.afterShop)));
  const platformFen = coupons.platform ? couponDiscountFen(coupons.platform, platformBase) : 0;
  const perOrder = prorate(
    platformFen,
    stage.map((x) => sum(x.afterShop)),
  );
  const orders = stage.map((x, i): PricedShopOrder => {
    const platformCouponFen = perOrder[i] ?? 0;
    const platformShares = prorate(platformCouponFen, x.afterShop);
    const lineCouponFen = x.shopShares.map((n, j) => n + (platformShares[j] ?? 0));
    const discountFen = x.priced.discountFen + x.shopCouponFen + platformCouponFen;
    return {
      ...x.priced,
      shopId: x.s.shopId,
      promoDiscountFen: x.priced.discountFen,
      shopCouponFen: x.shopCouponFen,
      platformCouponFen,
      discountFen,
      payableFen: x.priced.goodsFen - discountFen + x.priced.shippingFen,
      lineDiscountsFen: x.priced.lineDiscountsFen.map((n, j) => n + (lineCouponFen[j] ?? 0)),
      lineCouponFen,
    };
  });
  return {
    orders,
    platformCouponFen: platformFen,
    totalFen: sum(orders.map((o) => o.payableFen)),
  };
}

/**
 * The coupons checkout preselects: for each platform coupon (and none), each shop's best coupon
 * on its goods after 满减, then that platform coupon; the combination taking the most off wins
 * (ties: fewer platform coupons used, then the order candidates were given in).
 */
export function bestCoupons<C extends HeldCoupon>(
  shops: readonly CheckoutShop[],
  held: readonly C[],
  now: Date,
): ChosenCoupons<C> {
  const shopIds = shops.map((s) => s.shopId);
  const usable = held.filter((c) => isUsable(c, now, shopIds));
  const shopPick = new Map<number, C>();
  for (const s of shops) {
    const priced = priceOrder(s.lines, s.rules);
    const base = priced.goodsFen - priced.discountFen;
    const best = bestCoupon(
      usable.filter((c) => c.scope === 'shop' && c.shopId === s.shopId),
      base,
    );
    if (best) shopPick.set(s.shopId, best);
  }
  let chosen: ChosenCoupons<C> = { shop: shopPick, platform: null };
  let most = discountOf(priceCheckout(shops, chosen));
  for (const p of usable.filter((c) => c.scope === 'platform')) {
    const option = { shop: shopPick, platform: p };
    const off = discountOf(priceCheckout(shops, option));
    if (off > most) {
      most = off;
      chosen = option;
    }
  }
  return chosen;
}

function discountOf(p: PricedCheckout): Fen {
  return sum(p.orders.map((o) => o.shopCouponFen + o.platformCouponFen));
}

/**
 * The shopper's chosen coupons, by shopper_coupons id, checked: each held and usable now, at most
 * one per shop and one platform coupon. Throws COUPON_NOT_USABLE naming the coupon.
 */
export function resolveChosen<C extends HeldCoupon>(
  ids: readonly number[],
  held: readonly C[],
  shopIds: readonly number[],
  now: Date,
): ChosenCoupons<C> {
  const shop = new Map<number, C>();
  let platform: C | null = null;
  for (const id of ids) {
    const c = held.find((h) => h.id === id);
    if (!c || !isUsable(c, now, shopIds))
      throw new DomainError('COUPON_NOT_USABLE', { couponId: id });
    if (c.scope === 'platform') {
      if (platform !== null) throw new DomainError('COUPON_NOT_USABLE', { couponId: id });
      platform = c;
    } else {
      if (c.shopId === null || shop.has(c.shopId))
        throw new DomainError('COUPON_NOT_USABLE', { couponId: id });
      shop.set(c.shopId, c);
    }
  }
  return { shop, platform };
}

/** A chosen coupon that takes nothing off (below its threshold) is refused, not spent for nothing. */
/** The ids of the chosen coupons, ascending: what a checkout spends. */
export function chosenCouponIds(chosen: ChosenCoupons<HeldCoupon>): number[] {
  return [...chosen.shop.values(), ...(chosen.platform ? [chosen.platform] : [])]
    .map((c) => c.id)
    .sort((a, b) => a - b);
}

export function assertEveryCouponApplies(
  priced: PricedCheckout,
  chosen: ChosenCoupons<HeldCoupon>,
): void {
  for (const [shopId, c] of chosen.shop) {
    const o = priced.orders.find((x) => x.shopId === shopId);
    if (!o || o.shopCouponFen === 0)
      throw new DomainError('COUPON_NOT_USABLE', { couponId: c.id, reason: 'threshold' });
  }
  if (chosen.platform && priced.platformCouponFen === 0)
    throw new DomainError('COUPON_NOT_USABLE', {
      couponId: chosen.platform.id,
      reason: 'threshold',
    });
}
