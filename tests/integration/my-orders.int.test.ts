import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { orders, products } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  stockOf,
  type TestShop,
} from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

async function namedShop(title: string, titleEn: string, priceFen = 1_000): Promise<TestShop> {
  const shop = await createShop(stack.db, { stock: 200, priceFen });
  await stack.db.update(products).set({ title, titleEn }).where(eq(products.id, shop.productId));
  return shop;
}

async function place(client: TestClient, variantId: number, quantity = 1): Promise<string> {
  const res = await client.post('/api/v1/orders', {
    items: [{ variantId, quantity }],
    fromCart: false,
    address: ADDRESS,
  });
  if (res.status !== 201) throw new Error(`place failed ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.orders[0].orderNo as string;
}

const numbers = (page: { items: { orderNo: string }[] }) => page.items.map((o) => o.orderNo);

/** Follows nextCursor to the end; returns every order number in the order served. */
async function allPages(client: TestClient, query: string, limit: number) {
  const seen: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const url: string = `/api/v1/orders?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const res: TestResponse = await client.get(url);
    expect(res.status).toBe(200);
    seen.push(...numbers(res.body));
    sizes.push(res.body.items.length);
    cursor = res.body.nextCursor;
    if (!cursor) return { seen, sizes };
  }
  throw new Error('paging never ended');
}

describe('My Orders tabs', () => {
  it('puts every order under the right tab, with matching counts', async () => {
    const shop = await namedShop('保温杯', 'Thermos cup');
    const shopper = await loginAs(stack, await createUser(stack.db));
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const v = shop.variantIds[0]!;

    // One order left unpaid until it is cancelled by the timeout.
    const cancelled = await place(shopper, v);
    clock.advance(31 * 60_000);
    await stack.settle();

    const pending = [await place(shopper, v), await place(shopper, v)];
    const awaiting = await place(shopper, v);
    const shipped = await place(shopper, v);
    const completed = await place(shopper, v);
    for (const no of [awaiting, shipped, completed]) await payThroughSandbox(stack, shopper, no);
    await stack.settle();
    for (const no of [shipped, completed]) {
      const r = await merchant.post(`/api/v1/merchant/orders/${no}/ship`, {
        carrier: '顺丰速运',
        trackingNo: `SF${no.slice(-10)}`,
      });
      expect(r.status).toBe(200);
    }
    expect((await shopper.post(`/api/v1/orders/${completed}/confirm-receipt`)).status).toBe(200);
    // A refund in progress puts the order under 退款售后 as well (set directly: no refund API yet).
    await stack.db
      .update(orders)
      .set({ refundStatus: 'pending_review' })
      .where(eq(orders.orderNo, completed));

    const counts = (await shopper.get('/api/v1/orders/counts')).body;
    expect(counts).toEqual({
      all: 6,
      pending_payment: 2,
      awaiting_shipment: 1,
      shipped: 1,
      completed: 1,
      cancelled: 1,
      after_sales: 1,
    });

    const tab = async (name: string) =>
      numbers((await shopper.get(`/api/v1/orders?tab=${name}&limit=50`)).body);
    expect(await tab('pending_payment')).toEqual([...pending].reverse());
    expect(await tab('awaiting_shipment')).toEqual([awaiting]);
    expect(await tab('shipped')).toEqual([shipped]);
    expect(await tab('completed')).toEqual([completed]);
    expect(await tab('cancelled')).toEqual([cancelled]);
    expect(await tab('after_sales')).toEqual([completed]);
    const all = await tab('all');
    expect(all).toEqual([completed, shipped, awaiting, ...[...pending].reverse(), cancelled]);
    // Every tab's list length agrees with its count.
    for (const name of Object.keys(counts))
      expect((await tab(name)).length, name).toBe(counts[name]);

    // Another shopper's counts are their own.
    const other = await loginAs(stack, await createUser(stack.db));
    expect((await other.get('/api/v1/orders/counts')).body.all).toBe(0);
  });
});

describe('My Orders paging', () => {
  it('pages newest first by keyset: no order twice, none missing, even as new ones arrive', async () => {
    const shop = await namedShop('帆布袋', 'Canvas bag');
    const shopper = await loginAs(stack, await createUser(stack.db));
    const placed: string[] = [];
    for (let i = 0; i < 23; i++) placed.push(await place(shopper, shop.variantIds[0]!));
    const newestFirst = [...placed].reverse();

    const { seen, sizes } = await allPages(shopper, '', 10);
    expect(sizes).toEqual([10, 10, 3]);
    expect(seen).toEqual(newestFirst);

    // An exact multiple of the page size ends without an empty extra page.
    const exact = await allPages(shopper, '&tab=pending_payment', 23);
    expect(exact.sizes).toEqual([23]);

    // Orders placed between two page loads do not shift the pages already being read.
    const first = (await shopper.get('/api/v1/orders?limit=7')).body;
    await place(shopper, shop.variantIds[0]!);
    await place(shopper, shop.variantIds[0]!);
    const rest: string[] = [...numbers(first)];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = (await shopper.get(`/api/v1/orders?limit=7&cursor=${cursor}`)).body;
      rest.push(...numbers(page));
      cursor = page.nextCursor;
    }
    expect(rest).toEqual(newestFirst);
  });
});

describe('My Orders search', () => {
  it('finds an order by its number and by product name, only among the shopper’s own', async () => {
    const cup = await namedShop('星空马克杯', 'Starry Night Mug');
    const pen = await namedShop('钢笔礼盒', 'Fountain pen gift box');
    const shopper = await loginAs(stack, await createUser(stack.db));
    const mug1 = await place(shopper, cup.variantIds[0]!);
    const penOrder = await place(shopper, pen.variantIds[0]!);
    const mug2 = await place(shopper, cup.variantIds[0]!);
    // Someone else bought a mug too.
    const other = await loginAs(stack, await createUser(stack.db));
    const othersMug = await place(other, cup.variantIds[0]!);

    const search = async (q: string, client = shopper) =>
      numbers((await client.get(`/api/v1/orders?q=${encodeURIComponent(q)}`)).body);

    expect(await search(penOrder)).toEqual([penOrder]);
    // As people paste it: with spaces.
    expect(await search(` ${penOrder.slice(0, 8)} ${penOrder.slice(8)} `)).toEqual([penOrder]);
    expect(await search(othersMug)).toEqual([]);
    expect(await search('马克杯')).toEqual([mug2, mug1]);
    expect(await search('starry night')).toEqual([mug2, mug1]);
    expect(await search('钢笔')).toEqual([penOrder]);
    expect(await search('马克杯', other)).toEqual([othersMug]);
    expect(await search('不存在的商品')).toEqual([]);
    // LIKE wildcards are taken literally.
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    // Search combines with tabs.
    expect(
      numbers(
        (await shopper.get(`/api/v1/orders?tab=completed&q=${encodeURIComponent('马克杯')}`)).body,
      ),
    ).toEqual([]);
  });
});

describe('cart and checkout', () => {
  it('adds, updates and removes lines, and checks out two shops into two orders', async () => {
    const tea = await namedShop('龙井茶', 'Longjing tea', 5_800);
    const honey = await namedShop('槐花蜂蜜', 'Acacia honey', 3_200);
    const kept = await namedShop('竹筷', 'Bamboo chopsticks', 900);
    const shopper = await loginAs(stack, await createUser(stack.db));
    const teaV = tea.variantIds[0]!;
    const honeyV = honey.variantIds[0]!;
    const keptV = kept.variantIds[0]!;

    expect((await shopper.get('/api/v1/cart')).body).toEqual({ items: [], totalFen: 0 });
    expect((await shopper.put(`/api/v1/cart/items/${teaV}`, { quantity: 1 })).status).toBe(200);
    await shopper.put(`/api/v1/cart/items/${honeyV}`, { quantity: 2 });
    await shopper.put(`/api/v1/cart/items/${keptV}`, { quantity: 5 });
    // Setting a quantity replaces it.
    const updated = await shopper.put(`/api/v1/cart/items/${teaV}`, { quantity: 3 });
    expect(updated.status).toBe(200);
    expect(
      updated.body.items.map((i: { variantId: number; quantity: number }) => [
        i.variantId,
        i.quantity,
      ]),
    ).toEqual([
      [teaV, 3],
      [honeyV, 2],
      [keptV, 5],
    ]);
    expect(updated.body.totalFen).toBe(3 * 5_800 + 2 * 3_200 + 5 * 900);

    const removed = await shopper.delete(`/api/v1/cart/items/${keptV}`);
    expect(removed.status).toBe(200);
    expect(removed.body.items).toHaveLength(2);
    await shopper.put(`/api/v1/cart/items/${keptV}`, { quantity: 1 });
    // Unknown variants are refused.
    const unknown = await shopper.put('/api/v1/cart/items/987654321', { quantity: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('VARIANT_NOT_FOUND');

    // Check out the tea and honey only.
    const checkout = await shopper.post('/api/v1/orders', {
      items: [
        { variantId: teaV, quantity: 3 },
        { variantId: honeyV, quantity: 2 },
      ],
      fromCart: true,
      address: ADDRESS,
    });
    expect(checkout.status).toBe(201);
    const placed = checkout.body.orders as {
      orderNo: string;
      shop: { id: number };
      payableFen: number;
      lines: { variantId: number; qtyOrdered: number }[];
    }[];
    expect(placed).toHaveLength(2);
    expect(placed.map((o) => o.shop.id).sort()).toEqual([tea.shopId, honey.shopId].sort());
    const teaOrder = placed.find((o) => o.shop.id === tea.shopId)!;
    const honeyOrder = placed.find((o) => o.shop.id === honey.shopId)!;
    expect(teaOrder.lines.map((l) => [l.variantId, l.qtyOrdered])).toEqual([[teaV, 3]]);
    expect(honeyOrder.lines.map((l) => [l.variantId, l.qtyOrdered])).toEqual([[honeyV, 2]]);
    expect(teaOrder.payableFen).toBe(3 * 5_800);
    expect(honeyOrder.payableFen).toBe(2 * 3_200);
    expect(new Set(placed.map((o) => o.orderNo)).size).toBe(2);

    // The bought lines left the cart; the chopsticks stayed.
    const cart = (await shopper.get('/api/v1/cart')).body;
    expect(cart.items.map((i: { variantId: number }) => i.variantId)).toEqual([keptV]);
    expect(cart.totalFen).toBe(900);
    expect((await stockOf(stack.db, teaV)).reserved).toBe(3);
    expect((await stockOf(stack.db, honeyV)).reserved).toBe(2);
    expect((await shopper.get('/api/v1/orders/counts')).body.pending_payment).toBe(2);

    // 一键下单 (not from the cart) leaves the cart alone.
    await place(shopper, keptV, 1);
    expect((await shopper.get('/api/v1/cart')).body.items).toHaveLength(1);
  });

  it('keeps the cart when checkout fails for lack of stock', async () => {
    const scarce = await createShop(stack.db, { stock: 1, priceFen: 100 });
    const plenty = await namedShop('毛巾', 'Towel', 200);
    const shopper = await loginAs(stack, await createUser(stack.db));
    const a = scarce.variantIds[0]!;
    const b = plenty.variantIds[0]!;
    await shopper.put(`/api/v1/cart/items/${a}`, { quantity: 2 });
    await shopper.put(`/api/v1/cart/items/${b}`, { quantity: 1 });
    const res = await shopper.post('/api/v1/orders', {
      items: [
        { variantId: a, quantity: 2 },
        { variantId: b, quantity: 1 },
      ],
      fromCart: true,
      address: ADDRESS,
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'OUT_OF_STOCK', details: { variantId: a } });
    expect((await shopper.get('/api/v1/cart')).body.items).toHaveLength(2);
    expect((await shopper.get('/api/v1/orders/counts')).body.all).toBe(0);
    expect(await stockOf(stack.db, b)).toMatchObject({ available: 200, reserved: 0 });
  });
});
