// Placing a checkout (C1), as one pure function from what was loaded under lock to the complete
// change: one order per shop with every column of its row and its lines, the stock to reserve,
// coupon uses, timeline, audit and events. The server's persist step writes the plan in one
// statement and answers from it, so the answer is exactly what a later read returns. Refusals
// (a variant gone or off sale, too little stock, a chosen coupon that does not apply) throw
// DomainError; the caller's transaction rolls back.

import type { AfterSalesPolicy, PolicyKind } from './after-sales-policy.js';
import type { AuditRecord, TimelineRecord } from './change-records.js';
import { timelineRecord } from './change-records.js';
import {
  assertEveryCouponApplies,
  chosenCouponIds,
  priceCheckout,
  resolveChosen,
} from './coupon-pricing.js';
import type { HeldCoupon } from './coupons.js';
import { DomainError } from './errors.js';
import type { Fen } from './money.js';
import { makeOrderNo } from './order-number.js';
import type { ShopPricingRules } from './pricing.js';

/**
 * A variant as locked for sale, with its product and shop, and the ids the load drew for it:
 * a line id for its line, and an order id of which the plan uses one per shop (the shop's
 * first row's; the others stay unused, as a sequence's gaps do).
 */
export interface SaleRow {
  variant: {
    id: number;
    productId: number;
    shopId: number;
    name: string;
    nameEn: string;
    priceFen: Fen;
    stockAvailable: number;
    deletedAt: Date | null;
  };
  product: {
    id: number;
    title: string;
    titleEn: string;
    imageHue: number;
    onSale: number;
    policyKind: PolicyKind;
    feeKind: AfterSalesPolicy['feeKind'];
    feeValue: number;
    bundle: boolean;
  };
  shop: ShopPricingRules & { id: number };
  orderId: number;
  lineId: number;
}

export interface PlacementFacts<C extends HeldCoupon> {
  shopperId: number;
  items: readonly { variantId: number; quantity: number }[];
  address: { name: string; phone: string; address: string };
  now: Date;
  paymentTimeoutMinutes: number;
  /** The shopper's coupons chosen for this checkout, as asked, and as held (locked). */
  couponIds: readonly number[];
  held: readonly C[];
  /** Every wanted variant that exists, locked, ascending id. */
  sale: readonly SaleRow[];
}

/** Every column of a new orders row. */
export interface PlannedOrder {
  id: number;
  orderNo: string;
  shopperId: number;
  shopId: number;
  status: 'pending_payment';
  goodsFen: Fen;
  discountFen: Fen;
  shopCouponFen: Fen;
  platformCouponFen: Fen;
  shippingFen: Fen;
  payableFen: Fen;
  paidFen: Fen;
  paymentChannel: null;
  paymentDeadline: Date;
  receiverName: string;
  receiverPhone: string;
  receiverAddress: string;
  carrier: null;
  trackingNo: null;
  shippingRefunded: boolean;
  refundStatus: null;
  createdAt: Date;
  paidAt: null;
  preparingAt: null;
  shippedAt: null;
  deliveredAt: null;
  completedAt: null;
  cancelledAt: null;
}

/** Every column of a new order_lines row. */
export interface PlannedLine {
  id: number;
  orderId: number;
  shopperId: number;
  productId: number;
  variantId: number;
  title: string;
  titleEn: string;
  variantName: string;
  variantNameEn: string;
  imageHue: number;
  unitPriceFen: Fen;
  qtyOrdered: number;
  qtyCancelled: number;
  qtyShipped: number;
  qtyReturned: number;
  qtyAfterSales: number;
  discountFen: Fen;
  couponDiscountFen: Fen;
  refundedFen: Fen;
  priceProtectedFen: Fen;
  /** The product's after-sales policy at the time of purchase. */
  policy: AfterSalesPolicy & { bundle: boolean };
}

export interface PlannedCouponUse {
  shopperCouponId: number;
  orderId: number;
  discountFen: Fen;
  usedAt: Date;
}

export type PlacementEvent =
  | { topic: 'order.placed'; payload: { orderId: number } }
  | { topic: 'order.payment_timeout'; payload: { orderId: number }; runAt: Date };

export interface PlacementPlan {
  /** One per shop, ascending shop id, each with its shop's id and lines in variant-id order. */
  orders: { order: PlannedOrder; lines: PlannedLine[] }[];
  /** Shelf → reserved, one per line. */
  stock: { variantId: number; quantity: number; orderId: number; orderLineId: number }[];
  couponUses: PlannedCouponUse[];
  /** The shopper's coupons that took something off (ascending id), to be marked used. */
  couponsSpent: number[];
  timeline: TimelineRecord[];
  audit: AuditRecord[];
  events: PlacementEvent[];
}

/** Quantities wanted per variant: the same variant asked for twice is one line. */
function wantedOf(items: PlacementFacts<HeldCoupon>['items']): Map<number, number> {
  const wanted = new Map<number, number>();
  for (const i of items) wanted.set(i.variantId, (wanted.get(i.variantId) ?? 0) + i.quantity);
  return wanted;
}

function checkSaleable(sale: readonly SaleRow[], wanted: Map<number, number>): void {
  if (sale.length !== wanted.size || sale.some((r) => r.variant.deletedAt !== null))
    throw new DomainError('VARIANT_NOT_FOUND');
  if (sale.some((r) => r.product.onSale !== 1)) throw new DomainError('PRODUCT_NOT_FOUND');
  for (const { variant } of sale) {
    const q = wanted.get(variant.id) ?? 0;
    if (variant.stockAvailable < q)
      throw new DomainError('OUT_OF_STOCK', {
        variantId: variant.id,
        available: variant.stockAvailable,
      });
  }
}

export function planPlacement<C extends HeldCoupon>(facts: PlacementFacts<C>): PlacementPlan {
  const { now, shopperId } = facts;
  const wanted = wantedOf(facts.items);
  checkSaleable(facts.sale, wanted);

  // One order per shop, ascending shop id; within it the lines in variant-id order.
  const byShop = new Map<number, SaleRow[]>();
  for (const row of [...facts.sale].sort((a, b) => a.variant.id - b.variant.id))
    byShop.set(row.shop.id, [...(byShop.get(row.shop.id) ?? []), row]);
  const shops = [...byShop.entries()].sort(([a], [b]) => a - b).map(([, rows]) => rows);
  const checkout = shops.map((rows) => ({
    shopId: rows[0]!.shop.id,
    lines: rows.map((r) => ({
      unitPriceFen: r.variant.priceFen,
      quantity: wanted.get(r.variant.id) ?? 0,
    })),
    rules: rows[0]!.shop,
  }));
  const chosen = resolveChosen(
    facts.couponIds,
    facts.held,
    checkout.map((s) => s.shopId),
    now,
  );
  const priced = priceCheckout(checkout, chosen);
  assertEveryCouponApplies(priced, chosen);
  const couponIds = chosenCouponIds(chosen);

  const deadline = new Date(now.getTime() + facts.paymentTimeoutMinutes * 60_000);
  const actor = { id: shopperId, role: 'shopper' };
  const plan: PlacementPlan = {
    orders: [],
    stock: [],
    couponUses: [],
    couponsSpent: [],
    timeline: [],
    audit: [],
    events: [],
  };
  shops.forEach((rows, index) => {
    const p = priced.orders[index];
    const first = rows[0];
    if (!p || !first) throw new Error('a shop without a price or rows');
    const orderId = first.orderId;
    const couponFen = p.shopCouponFen + p.platformCouponFen;
    const order: PlannedOrder = {
      id: orderId,
      orderNo: makeOrderNo(now, orderId, shopperId),
      shopperId,
      shopId: first.shop.id,
      status: 'pending_payment',
      goodsFen: p.goodsFen,
      discountFen: p.discountFen,
      shopCouponFen: p.shopCouponFen,
      platformCouponFen: p.platformCouponFen,
      shippingFen: p.shippingFen,
      payableFen: p.payableFen,
      paidFen: 0,
      paymentChannel: null,
      paymentDeadline: deadline,
      receiverName: facts.address.name,
      receiverPhone: facts.address.phone,
      receiverAddress: facts.address.address,
      carrier: null,
      trackingNo: null,
      shippingRefunded: false,
      refundStatus: null,
      createdAt: now,
      paidAt: null,
      preparingAt: null,
      shippedAt: null,
      deliveredAt: null,
      completedAt: null,
      cancelledAt: null,
    };
    const lines = rows.map(({ variant, product, lineId }, i): PlannedLine => ({
      id: lineId,
      orderId,
      shopperId,
      productId: product.id,
      variantId: variant.id,
      title: product.title,
      titleEn: product.titleEn,
      variantName: variant.name,
      variantNameEn: variant.nameEn,
      imageHue: product.imageHue,
      unitPriceFen: variant.priceFen,
      qtyOrdered: wanted.get(variant.id) ?? 0,
      qtyCancelled: 0,
      qtyShipped: 0,
      qtyReturned: 0,
      qtyAfterSales: 0,
      discountFen: p.lineDiscountsFen[i] ?? 0,
      couponDiscountFen: p.lineCouponFen[i] ?? 0,
      refundedFen: 0,
      priceProtectedFen: 0,
      policy: {
        kind: product.policyKind,
        feeKind: product.feeKind,
        feeValue: product.feeValue,
        bundle: product.bundle,
      },
    }));
    plan.orders.push({ order, lines });
    for (const l of lines)
      plan.stock.push({
        variantId: l.variantId,
        quantity: l.qtyOrdered,
        orderId,
        orderLineId: l.id,
      });
    const shopCoupon = chosen.shop.get(order.shopId);
    if (shopCoupon)
      plan.couponUses.push({
        shopperCouponId: shopCoupon.id,
        orderId,
        discountFen: p.shopCouponFen,
        usedAt: now,
      });
    if (chosen.platform && p.platformCouponFen > 0)
      plan.couponUses.push({
        shopperCouponId: chosen.platform.id,
        orderId,
        discountFen: p.platformCouponFen,
        usedAt: now,
      });
    plan.timeline.push(
      timelineRecord(orderId, 'order.placed', actor, now, {
        payableFen: p.payableFen,
        ...(couponFen > 0 ? { couponFen } : {}),
      }),
    );
    plan.audit.push({
      actorId: shopperId,
      actorRole: 'shopper',
      action: 'order.place',
      entityType: 'order',
      entityId: orderId,
      orderId,
      before: null,
      after: {
        orderNo: order.orderNo,
        payableFen: order.payableFen,
        lines: lines.length,
        ...(couponFen > 0
          ? {
              shopCouponFen: p.shopCouponFen,
              platformCouponFen: p.platformCouponFen,
              couponIds,
            }
          : {}),
      },
    });
    plan.events.push(
      { topic: 'order.placed', payload: { orderId } },
      { topic: 'order.payment_timeout', payload: { orderId }, runAt: deadline },
    );
  });
  plan.couponsSpent = [...new Set(plan.couponUses.map((u) => u.shopperCouponId))].sort(
    (a, b) => a - b,
  );
  return plan;
}
