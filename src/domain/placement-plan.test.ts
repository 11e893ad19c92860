import { describe, expect, it } from 'vitest';
import type { HeldCoupon } from './coupons.js';
import { DomainError, type DomainErrorCode } from './errors.js';
import { planPlacement, type PlacementFacts, type SaleRow } from './placement-plan.js';

const NOW = new Date('2026-12-01T10:00:00+08:00');
const SHOPPER = 42;
const ADDRESS = { name: '张三', phone: '13912345678', address: '北京市海淀区中关村大街 1 号' };

const SHOP_A = {
  id: 1,
  shippingFeeFen: 800,
  freeShippingOverFen: 9900,
  promoThresholdFen: null,
  promoDiscountFen: 0,
};
const SHOP_B = {
  id: 2,
  shippingFeeFen: 0,
  freeShippingOverFen: null,
  promoThresholdFen: 20000,
  promoDiscountFen: 3000,
};

/** A variant for sale, with ids drawn as the load draws them (order id 500+, line id 900+). */
function row(
  variantId: number,
  shop: SaleRow['shop'],
  over: Partial<SaleRow['variant']> = {},
): SaleRow {
  return {
    variant: {
      id: variantId,
      productId: variantId * 10,
      shopId: shop.id,
      name: `款式${variantId}`,
      nameEn: `Style ${variantId}`,
      priceFen: 5000,
      stockAvailable: 10,
      deletedAt: null,
      ...over,
    },
    product: {
      id: variantId * 10,
      title: `商品${variantId}`,
      titleEn: `Item ${variantId}`,
      imageHue: 120,
      onSale: 1,
      policyKind: 'full_refund',
      feeKind: null,
      feeValue: 0,
      bundle: false,
    },
    shop,
    orderId: 500 + variantId,
    lineId: 900 + variantId,
  };
}

function coupon(id: number, over: Partial<HeldCoupon> = {}): HeldCoupon {
  return {
    id,
    status: 'available',
    scope: 'shop',
    shopId: SHOP_A.id,
    kind: 'amount_off',
    thresholdFen: 0,
    amountOffFen: 1000,
    percentOff: 0,
    capFen: null,
    validFrom: new Date('2026-11-01T00:00:00Z'),
    validUntil: new Date('2027-01-01T00:00:00Z'),
    ...over,
  };
}

function facts(over: Partial<PlacementFacts<HeldCoupon>>): PlacementFacts<HeldCoupon> {
  return {
    shopperId: SHOPPER,
    items: [],
    address: ADDRESS,
    now: NOW,
    paymentTimeoutMinutes: 30,
    couponIds: [],
    held: [],
    sale: [],
    ...over,
  };
}

function refusal(f: PlacementFacts<HeldCoupon>): DomainErrorCode | null {
  try {
    planPlacement(f);
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

describe('planPlacement', () => {
  it('one shop: an unpaid order with every column, its lines, stock, timeline, audit and both events', () => {
    const plan = planPlacement(
      facts({
        items: [
          { variantId: 3, quantity: 2 },
          { variantId: 1, quantity: 1 },
          { variantId: 3, quantity: 1 },
        ],
        sale: [row(1, SHOP_A), row(3, SHOP_A)],
      }),
    );
    expect(plan.orders).toHaveLength(1);
    const { order, lines } = plan.orders[0]!;
    // The shop's first row (lowest variant id) gives the order its id.
    expect(order).toMatchObject({
      id: 501,
      shopId: 1,
      shopperId: SHOPPER,
      status: 'pending_payment',
      goodsFen: 20000,
      discountFen: 0,
      shippingFen: 0, // free over 99 元
      payableFen: 20000,
      paidFen: 0,
      paymentDeadline: new Date(NOW.getTime() + 30 * 60_000),
      receiverPhone: ADDRESS.phone,
      createdAt: NOW,
      cancelledAt: null,
    });
    expect(order.orderNo).toMatch(/^20261201\d{10}$/);
    // The same variant asked for twice is one line of 3.
    expect(lines.map((l) => [l.id, l.variantId, l.qtyOrdered])).toEqual([
      [901, 1, 1],
      [903, 3, 3],
    ]);
    expect(lines[0]!.policy).toEqual({
      kind: 'full_refund',
      feeKind: null,
      feeValue: 0,
      bundle: false,
    });
    expect(plan.stock).toEqual([
      { variantId: 1, quantity: 1, orderId: 501, orderLineId: 901 },
      { variantId: 3, quantity: 3, orderId: 501, orderLineId: 903 },
    ]);
    expect(plan.timeline).toEqual([
      expect.objectContaining({ orderId: 501, kind: 'order.placed', data: { payableFen: 20000 } }),
    ]);
    expect(plan.audit[0]).toMatchObject({
      action: 'order.place',
      entityId: 501,
      after: { lines: 2 },
    });
    expect(plan.events).toEqual([
      { topic: 'order.placed', payload: { orderId: 501 } },
      { topic: 'order.payment_timeout', payload: { orderId: 501 }, runAt: order.paymentDeadline },
    ]);
    expect(plan.couponUses).toEqual([]);
    expect(plan.couponsSpent).toEqual([]);
  });

  it('two shops: one order each in shop order, 满减 and shipping per shop', () => {
    const plan = planPlacement(
      facts({
        items: [
          { variantId: 2, quantity: 5 },
          { variantId: 4, quantity: 1 },
        ],
        sale: [row(2, SHOP_B), row(4, SHOP_A)],
      }),
    );
    expect(plan.orders.map((o) => [o.order.id, o.order.shopId])).toEqual([
      [504, 1],
      [502, 2],
    ]);
    const [a, b] = plan.orders;
    expect(a!.order).toMatchObject({ goodsFen: 5000, shippingFen: 800, payableFen: 5800 });
    expect(b!.order).toMatchObject({ goodsFen: 25000, discountFen: 3000, payableFen: 22000 });
    expect(b!.lines[0]!.discountFen).toBe(3000);
    expect(plan.events).toHaveLength(4);
    expect(plan.audit.map((x) => x.entityId)).toEqual([504, 502]);
  });

  it('a shop coupon is spent on its own shop: its share on the lines, a use, and marked used', () => {
    const plan = planPlacement(
      facts({
        items: [{ variantId: 1, quantity: 1 }],
        sale: [row(1, SHOP_A)],
        couponIds: [7],
        held: [coupon(7)],
      }),
    );
    const { order, lines } = plan.orders[0]!;
    expect(order).toMatchObject({ shopCouponFen: 1000, discountFen: 1000, payableFen: 4800 });
    expect(lines[0]!.couponDiscountFen).toBe(1000);
    expect(plan.couponUses).toEqual([
      { shopperCouponId: 7, orderId: 501, discountFen: 1000, usedAt: NOW },
    ]);
    expect(plan.couponsSpent).toEqual([7]);
    expect(plan.timeline[0]!.data).toEqual({ payableFen: 4800, couponFen: 1000 });
    expect(plan.audit[0]!.after).toMatchObject({ shopCouponFen: 1000, couponIds: [7] });
  });

  it('a platform coupon is shared over the orders, one use per order that took a part', () => {
    const plan = planPlacement(
      facts({
        items: [
          { variantId: 1, quantity: 2 },
          { variantId: 2, quantity: 2 },
        ],
        sale: [row(1, SHOP_A), row(2, SHOP_B)],
        couponIds: [9],
        held: [coupon(9, { scope: 'platform', shopId: null, amountOffFen: 2000 })],
      }),
    );
    const shares = plan.couponUses.map((u) => [u.orderId, u.discountFen]);
    expect(shares).toEqual([
      [501, 1000],
      [502, 1000],
    ]);
    expect(plan.orders.reduce((n, o) => n + o.order.platformCouponFen, 0)).toBe(2000);
    expect(plan.couponsSpent).toEqual([9]);
  });

  it.each<[string, Partial<PlacementFacts<HeldCoupon>>, DomainErrorCode]>([
    [
      'a variant that does not exist',
      {
        items: [
          { variantId: 1, quantity: 1 },
          { variantId: 8, quantity: 1 },
        ],
        sale: [row(1, SHOP_A)],
      },
      'VARIANT_NOT_FOUND',
    ],
    [
      'a deleted variant',
      { items: [{ variantId: 1, quantity: 1 }], sale: [row(1, SHOP_A, { deletedAt: NOW })] },
      'VARIANT_NOT_FOUND',
    ],
    [
      'a product taken off sale',
      {
        items: [{ variantId: 1, quantity: 1 }],
        sale: [{ ...row(1, SHOP_A), product: { ...row(1, SHOP_A).product, onSale: 0 } }],
      },
      'PRODUCT_NOT_FOUND',
    ],
    [
      'more than the shelf holds (asked for in two items)',
      {
        items: [
          { variantId: 1, quantity: 6 },
          { variantId: 1, quantity: 5 },
        ],
        sale: [row(1, SHOP_A)],
      },
      'OUT_OF_STOCK',
    ],
    [
      'a shop coupon whose threshold the goods miss',
      {
        items: [{ variantId: 1, quantity: 1 }],
        sale: [row(1, SHOP_A)],
        couponIds: [7],
        held: [coupon(7, { thresholdFen: 9000 })],
      },
      'COUPON_NOT_USABLE',
    ],
  ])('refuses %s', (_name, over, code) => {
    expect(refusal(facts(over))).toBe(code);
  });

  it('takes exactly the shelf', () => {
    expect(
      refusal(facts({ items: [{ variantId: 1, quantity: 10 }], sale: [row(1, SHOP_A)] })),
    ).toBeNull();
  });
});
