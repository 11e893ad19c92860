import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  coupons,
  orderLines,
  orders,
  shopperCoupons,
} from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  type TestShop,
} from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let operator: TestClient;
beforeAll(async () => {
  stack = await startTestStack();
  operator = await loginAs(stack, await createUser(stack.db, 'operator'));
});
afterAll(async () => {
  await stack?.close();
});

const day = 86_400_000;
const window = () => ({
  validFrom: new Date(Date.now() - day).toISOString(),
  validUntil: new Date(Date.now() + 30 * day).toISOString(),
});

async function newCoupon(client: TestClient, prefix: '/ops' | '/merchant', body: object) {
  const res = await client.post(`/api/v1${prefix}/coupons`, { ...window(), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; terms: { zh: string } };
}

async function issue(client: TestClient, prefix: string, couponId: number, body: object) {
  return client.post(`/api/v1${prefix}/coupons/${couponId}/issue`, body);
}

interface Setup {
  a: TestShop;
  b: TestShop;
  shopper: TestClient;
  shopperId: number;
  shopCoupon: number;
  platformCoupon: number;
}

/** Two shops; the shopper holds 满100减20 of shop A and a platform 9折 capped at ¥15. */
async function setup(): Promise<Setup> {
  const a = await createShop(stack.db, { priceFen: 6_000, stock: 20, variants: 2 });
  const b = await createShop(stack.db, { priceFen: 3_333, stock: 20, shippingFeeFen: 800 });
  const user = await createUser(stack.db);
  const shopper = await loginAs(stack, user);
  const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', a.shopId));
  const shopCoupon = await newCoupon(merchant, '/merchant', {
    title: '店铺满减券',
    titleEn: 'Shop coupon',
    kind: 'amount_off',
    thresholdFen: 10_000,
    amountOffFen: 2_000,
  });
  expect(shopCoupon.terms.zh).toBe('满¥100.00减¥20.00');
  const platform = await newCoupon(operator, '/ops', {
    title: '平台九折券',
    titleEn: 'Platform 10% off',
    kind: 'percent_off',
    percentOff: 10,
    capFen: 1_500,
  });
  expect(
    (await issue(merchant, '/merchant', shopCoupon.id, { recipients: [user.email] })).body,
  ).toEqual({
    issued: 1,
    alreadyHeld: 0,
  });
  expect((await issue(operator, '/ops', platform.id, { recipients: [user.mobile] })).body).toEqual({
    issued: 1,
    alreadyHeld: 0,
  });
  const mine = await shopper.get('/api/v1/coupons?state=available');
  const byCoupon = (id: number) =>
    (mine.body.items as { id: number; couponId: number }[]).find((c) => c.couponId === id)!.id;
  return {
    a,
    b,
    shopper,
    shopperId: user.id,
    shopCoupon: byCoupon(shopCoupon.id),
    platformCoupon: byCoupon(platform.id),
  };
}

const items = (s: Setup) => [
  { variantId: s.a.variantIds[0]!, quantity: 1 },
  { variantId: s.a.variantIds[1]!, quantity: 1 },
  { variantId: s.b.variantIds[0]!, quantity: 3 },
];

async function place(s: Setup, couponIds: number[]) {
  const res = await s.shopper.post('/api/v1/orders', {
    items: items(s),
    fromCart: false,
    address: ADDRESS,
    couponIds,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.orders as { orderNo: string; payableFen: number; discountFen: number }[];
}

async function cancel(s: Setup, orderNo: string, selection: unknown) {
  const res = await s.shopper.post(
    `/api/v1/orders/${orderNo}/cancellation`,
    { selection, reasonCode: 'price' },
    { 'idempotency-key': `cancel-${orderNo}-${JSON.stringify(selection).length}-${Math.random()}` },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function stateOf(s: Setup, id: number) {
  const mine = await s.shopper.get('/api/v1/coupons');
  return (mine.body.items as { id: number; state: string }[]).find((c) => c.id === id)?.state;
}

describe('coupons', () => {
  it('issuing: by email, mobile or id, once per shopper; a merchant only for their own shop', async () => {
    const shop = await createShop(stack.db);
    const other = await createShop(stack.db);
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const u1 = await createUser(stack.db);
    const u2 = await createUser(stack.db);
    const mine = await newCoupon(merchant, '/merchant', {
      title: '无门槛券',
      titleEn: 'No minimum',
      kind: 'amount_off',
      amountOffFen: 500,
      // A merchant's coupon is for their shop, whatever the body says.
      scope: 'platform',
    });
    const row = (await stack.db.select().from(coupons).where(eq(coupons.id, mine.id)))[0]!;
    expect(row).toMatchObject({ scope: 'shop', shopId: shop.shopId });

    const first = await issue(merchant, '/merchant', mine.id, {
      recipients: [u1.email.toUpperCase()],
      shopperIds: [u2.id],
    });
    expect(first.body).toEqual({ issued: 2, alreadyHeld: 0 });
    const again = await issue(merchant, '/merchant', mine.id, { shopperIds: [u1.id] });
    expect(again.body).toEqual({ issued: 0, alreadyHeld: 1 });

    const missing = await issue(merchant, '/merchant', mine.id, {
      recipients: ['nobody@example.test'],
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('COUPON_RECIPIENT_NOT_FOUND');

    const otherShop = await newCoupon(operator, '/ops', {
      title: '别家店券',
      titleEn: 'Another shop',
      scope: 'shop',
      shopId: other.shopId,
      kind: 'amount_off',
      amountOffFen: 500,
    });
    const notMine = await issue(merchant, '/merchant', otherShop.id, { shopperIds: [u1.id] });
    expect(notMine.status).toBe(404);
    expect(notMine.body.error.code).toBe('COUPON_NOT_FOUND');

    const bad = await operator.post('/api/v1/ops/coupons', {
      ...window(),
      title: '坏券',
      titleEn: 'Bad',
      kind: 'percent_off',
      percentOff: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('COUPON_INVALID');

    const audit = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'coupon'), eq(auditLog.entityId, String(mine.id))));
    expect(audit.map((r) => r.action)).toEqual(['coupon.create', 'coupon.issue', 'coupon.issue']);
    const shopper = await loginAs(stack, u1);
    const list = await shopper.get('/api/v1/coupons');
    expect(list.body.items).toEqual([
      expect.objectContaining({ couponId: mine.id, state: 'available', terms: expect.anything() }),
    ]);
  });

  it('checkout preselects the best coupons, prices them like 满减 and spends them once', async () => {
    const s = await setup();
    const quote = await s.shopper.post('/api/v1/orders/quote', { items: items(s) });
    expect(quote.status).toBe(200);
    expect(quote.body.couponIds).toEqual([s.shopCoupon, s.platformCoupon].sort((x, y) => x - y));
    // Shop A: ¥120 − ¥20 shop coupon = ¥100; shop B ¥99.99. Platform 10% of ¥199.99 = ¥19.99,
    // capped at ¥15, split ¥100 : ¥99.99 by largest remainder.
    expect(quote.body.orders).toEqual([
      expect.objectContaining({ goodsFen: 12_000, shopCouponFen: 2_000, platformCouponFen: 750 }),
      expect.objectContaining({ goodsFen: 9_999, shopCouponFen: 0, platformCouponFen: 750 }),
    ]);
    expect(quote.body.totalFen).toBe(12_000 - 2_750 + (9_999 - 750 + 800));
    const withoutPlatform = await s.shopper.post('/api/v1/orders/quote', {
      items: items(s),
      couponIds: [s.shopCoupon],
    });
    expect(withoutPlatform.body.totalFen).toBe(quote.body.totalFen + 1_500);

    const placed = await place(s, quote.body.couponIds);
    expect(placed.map((o) => o.payableFen)).toEqual(
      quote.body.orders.map((o: { payableFen: number }) => o.payableFen),
    );
    const rows = await stack.db
      .select()
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(
        inArray(
          orders.orderNo,
          placed.map((o) => o.orderNo),
        ),
      );
    const couponFen = rows.reduce((n, r) => n + r.order_lines.couponDiscountFen, 0);
    expect(couponFen).toBe(3_500);
    expect(await stateOf(s, s.shopCoupon)).toBe('used');
    expect(await stateOf(s, s.platformCoupon)).toBe('used');

    const reuse = await s.shopper.post('/api/v1/orders', {
      items: items(s),
      fromCart: false,
      address: ADDRESS,
      couponIds: [s.shopCoupon],
    });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.code).toBe('COUPON_NOT_USABLE');
  });

  it('cancelling: a whole order returns its coupon, a partial one keeps it, a platform coupon waits for every order', async () => {
    const s = await setup();
    const [orderA, orderB] = await place(s, [s.shopCoupon, s.platformCoupon]);
    for (const o of [orderA!, orderB!]) await payThroughSandbox(stack, s.shopper, o.orderNo);
    await stack.settle();

    // Whole order A: its shop coupon comes back; the platform coupon still pays for order B.
    const previewA = await s.shopper.get(`/api/v1/orders/${orderA!.orderNo}/cancellation`);
    expect(previewA.body.preview.totalFen).toBe(orderA!.payableFen);
    expect(previewA.body.preview.coupons).toEqual([
      expect.objectContaining({ shopperCouponId: s.shopCoupon, fate: 'returned' }),
      expect.objectContaining({ shopperCouponId: s.platformCoupon, fate: 'kept_other_orders' }),
    ]);
    const cancelledA = await cancel(s, orderA!.orderNo, 'all');
    expect(cancelledA.refund.amountFen).toBe(orderA!.payableFen);
    expect(await stateOf(s, s.shopCoupon)).toBe('available');
    expect(await stateOf(s, s.platformCoupon)).toBe('used');

    // Part of order B: the coupon stays used, the units refund their paid share.
    const detail = (await s.shopper.get(`/api/v1/orders/${orderB!.orderNo}`)).body;
    const line = detail.lines[0] as { id: number; paidFen: number };
    const partial = await s.shopper.get(
      `/api/v1/orders/${orderB!.orderNo}/cancellation?lines=${line.id}:1`,
    );
    expect(partial.body.preview.coupons).toEqual([
      expect.objectContaining({ shopperCouponId: s.platformCoupon, fate: 'kept_partial' }),
    ]);
    expect(partial.body.preview.totalFen).toBe(Math.floor(line.paidFen / 3));
    const p1 = await cancel(s, orderB!.orderNo, [{ lineId: line.id, quantity: 1 }]);
    expect(await stateOf(s, s.platformCoupon)).toBe('used');

    // The rest of B: now every order the platform coupon paid for is cancelled, so it returns.
    const rest = await s.shopper.get(`/api/v1/orders/${orderB!.orderNo}/cancellation`);
    expect(rest.body.preview.coupons).toEqual([
      expect.objectContaining({ shopperCouponId: s.platformCoupon, fate: 'returned' }),
    ]);
    const p2 = await cancel(s, orderB!.orderNo, 'all');
    expect(p1.refund.amountFen + p2.refund.amountFen).toBe(orderB!.payableFen);
    expect(await stateOf(s, s.platformCoupon)).toBe('available');
    const returned = await stack.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'coupon.returned'));
    expect(returned.map((r) => r.entityId)).toEqual(
      expect.arrayContaining([String(s.shopCoupon), String(s.platformCoupon)]),
    );

    // A returned coupon pays again.
    await place(s, [s.shopCoupon, s.platformCoupon]);
    expect(await stateOf(s, s.shopCoupon)).toBe('used');
  });

  it('an expired coupon does not come back, and the preview says so before the cancel', async () => {
    const s = await setup();
    const [orderA] = await place(s, [s.shopCoupon]);
    const held = (
      await stack.db.select().from(shopperCoupons).where(eq(shopperCoupons.id, s.shopCoupon))
    )[0]!;
    await stack.db
      .update(coupons)
      .set({ validFrom: new Date(Date.now() - 3 * day), validUntil: new Date(Date.now() - 60_000) })
      .where(eq(coupons.id, held.couponId));
    // Unpaid: cancelling is instant and refunds nothing; the coupon is simply gone.
    const preview = await s.shopper.get(`/api/v1/orders/${orderA!.orderNo}/cancellation`);
    expect(preview.body.preview.coupons).toEqual([
      expect.objectContaining({
        shopperCouponId: s.shopCoupon,
        fate: 'expired',
        text: { zh: '优惠券已过期，取消后不退回', en: expect.any(String) },
      }),
    ]);
    await cancel(s, orderA!.orderNo, 'all');
    expect(await stateOf(s, s.shopCoupon)).toBe('expired');
  });
});
