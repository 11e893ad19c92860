import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { orders, refunds, stockMovements } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  stockOf,
} from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Orders whose catalog entry changed after purchase — product taken off sale (下架), variant
// deleted, price changed — cancel, refund and restock exactly as before; 再次购买 names what is gone.

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

async function order(opts: { quantities: number[]; pay: boolean }) {
  const shop = await createShop(stack.db, {
    stock: 10,
    priceFen: 10_000,
    shippingFeeFen: 1_000,
    variants: opts.quantities.length,
  });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
  const placed = await shopper.post('/api/v1/orders', {
    items: shop.variantIds.map((variantId, i) => ({ variantId, quantity: opts.quantities[i] })),
    fromCart: false,
    address: ADDRESS,
  });
  expect(placed.status).toBe(201);
  const orderNo: string = placed.body.orders[0].orderNo;
  if (opts.pay) {
    await payThroughSandbox(stack, shopper, orderNo, 'alipay');
    await stack.settle();
  }
  return { shop, shopper, merchant, orderNo };
}

/** Shelf and reserved as the counters say, checked against the ledger. */
async function stock(variantId: number) {
  const s = await stockOf(stack.db, variantId);
  expect(s.reserved).toBe(s.ledger.reserved);
  expect(s.shipped).toBe(s.ledger.shipped);
  expect(s.available + s.reserved + s.shipped).toBe(s.ledger.received);
  return { available: s.available, reserved: s.reserved };
}

async function refundsOf(orderNo: string) {
  const [o] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
  return stack.db.select().from(refunds).where(eq(refunds.orderId, o!.id));
}

describe('cancelling an order whose catalog entry changed', () => {
  it('cancels a paid order with a deleted and a repriced variant whole: paid amounts back, stock through the ledger', async () => {
    const { shop, shopper, merchant, orderNo } = await order({ quantities: [2, 2], pay: true });
    const [kept, gone] = shop.variantIds as [number, number];
    expect(
      (await merchant.patch(`/api/v1/merchant/variants/${kept}`, { priceFen: 15_000 })).status,
    ).toBe(200);
    const del = await merchant.delete(`/api/v1/merchant/variants/${gone}`);
    expect(del.status).toBe(200);
    // Gone from the catalog, still on the order.
    const product = await shopper.get(`/api/v1/products/${shop.productId}`);
    expect(product.body.variants.map((v: { id: number }) => v.id)).toEqual([kept]);

    const preview = await shopper.get(`/api/v1/orders/${orderNo}/cancellation`);
    expect(preview.body.preview).toMatchObject({ totalFen: 41_000 });
    const res = await shopper.post(
      `/api/v1/orders/${orderNo}/cancellation`,
      { selection: 'all', reasonCode: 'price' },
      { 'idempotency-key': `cancel-${orderNo}` },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ result: 'cancelled', order: { status: 'cancelled' } });
    // What was paid (2 × ¥100 twice plus shipping), not today's ¥150.
    expect(res.body.refund).toMatchObject({ amountFen: 41_000, status: 'approved' });
    await stack.settle();
    expect((await refundsOf(orderNo)).map((r) => [r.amountFen, r.status])).toEqual([
      [41_000, 'succeeded'],
    ]);
    expect(await stock(kept)).toEqual({ available: 10, reserved: 0 });
    expect(await stock(gone)).toEqual({ available: 10, reserved: 0 });
    const moves = await stack.db
      .select()
      .from(stockMovements)
      .where(eq(stockMovements.variantId, gone));
    expect(moves.map((m) => [m.kind, m.quantity])).toEqual([
      ['receive', 10],
      ['reserve', 2],
      ['release', 2],
    ]);

    // 再次购买 names the deleted item and puts the rest in the cart at today's price.
    const again = await shopper.post(`/api/v1/orders/${orderNo}/buy-again`);
    expect(again.status).toBe(200);
    expect(again.body.items).toMatchObject([
      { variantId: kept, change: 'price_up', newPriceFen: 15_000, addedQuantity: 2 },
      {
        variantId: gone,
        change: 'removed',
        goneReason: 'deleted',
        addedQuantity: 0,
        message: '「测试商品（款式2）」该规格已被商家删除，未加入购物车',
      },
    ]);
    expect(again.body.goneSummary).toBe(
      '以下商品已下架或规格已删除，无法再次购买：测试商品（款式2）。其余商品已加入购物车。',
    );
    expect(again.body.cart.items.map((i: { variantId: number }) => i.variantId)).toEqual([kept]);
    const en = await shopper.post(`/api/v1/orders/${orderNo}/buy-again`, undefined, {
      'accept-language': 'en',
    });
    expect(en.body.items[1].message).toBe(
      'Test product (Style 2): this option was deleted by the shop and was not added to your cart.',
    );
    expect(en.body.goneSummary).toContain('No longer available: Test product (Style 2)');
  });

  it('cancels a paid order of a delisted product in two steps, refunding exactly what was paid', async () => {
    const { shop, shopper, merchant, orderNo } = await order({ quantities: [3], pay: true });
    const variantId = shop.variantIds[0]!;
    const off = await merchant.put(`/api/v1/merchant/products/${shop.productId}/on-sale`, {
      onSale: false,
    });
    expect(off.body).toEqual({ id: shop.productId, onSale: false });
    expect((await shopper.get(`/api/v1/products/${shop.productId}`)).status).toBe(200);
    const list = await shopper.get(`/api/v1/products?shopId=${shop.shopId}`);
    expect(list.body.items).toEqual([]);

    const lineId = (await shopper.get(`/api/v1/orders/${orderNo}`)).body.lines[0].id;
    const first = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: [{ lineId, quantity: 1 }],
      reasonCode: 'changed_mind',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.refund).toMatchObject({ amountFen: 10_000 });
    expect(await stock(variantId)).toEqual({ available: 8, reserved: 2 });
    const rest = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'changed_mind',
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body.order.status).toBe('cancelled');
    expect(rest.body.refund).toMatchObject({ amountFen: 21_000 });
    expect(await stock(variantId)).toEqual({ available: 10, reserved: 0 });
    await stack.settle();
    const paidBack = (await refundsOf(orderNo)).reduce((n, r) => n + r.amountFen, 0);
    expect(paidBack).toBe(31_000);

    const again = await shopper.post(`/api/v1/orders/${orderNo}/buy-again`);
    expect(again.body.items).toMatchObject([
      { change: 'removed', goneReason: 'delisted', addedQuantity: 0 },
    ]);
    expect(again.body.items[0].message).toBe('「测试商品（款式1）」已下架，未加入购物车');
    expect(again.body.cart.items).toEqual([]);
  });

  it('cancels an unpaid order of a deleted variant with no refund and a paid one in part; the variant is no longer sold', async () => {
    const { shop, shopper, merchant, orderNo } = await order({ quantities: [2, 1], pay: false });
    const [a, b] = shop.variantIds as [number, number];
    // Only the shop's own merchant deletes; a shopper may not, another shop sees nothing.
    expect((await shopper.delete(`/api/v1/merchant/variants/${a}`)).status).toBe(403);
    const other = await loginAs(
      stack,
      await createUser(stack.db, 'merchant', (await createShop(stack.db)).shopId),
    );
    expect((await other.delete(`/api/v1/merchant/variants/${a}`)).body.error.code).toBe(
      'VARIANT_NOT_FOUND',
    );
    expect((await merchant.delete(`/api/v1/merchant/variants/${a}`)).status).toBe(200);
    expect((await merchant.delete(`/api/v1/merchant/variants/${a}`)).status).toBe(200);

    const res = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'other',
      reasonText: '不要了',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ result: 'cancelled', refund: null });
    expect(await stock(a)).toEqual({ available: 10, reserved: 0 });
    expect(await stock(b)).toEqual({ available: 10, reserved: 0 });

    // The deleted variant cannot be ordered or put in a cart again.
    const again = await shopper.post('/api/v1/orders', {
      items: [{ variantId: a, quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    expect(again.body.error.code).toBe('VARIANT_NOT_FOUND');
    expect((await shopper.put(`/api/v1/cart/items/${a}`, { quantity: 1 })).status).toBe(404);
    const quote = await shopper.post('/api/v1/orders/quote', {
      items: [{ variantId: a, quantity: 1 }],
    });
    expect(quote.body.problems).toEqual([
      { variantId: a, code: 'VARIANT_NOT_FOUND', available: 0 },
    ]);

    // A paid order of a deleted variant cancels in part, refunding the units' paid share.
    const second = await order({ quantities: [3], pay: true });
    const v = second.shop.variantIds[0]!;
    expect((await second.merchant.delete(`/api/v1/merchant/variants/${v}`)).status).toBe(200);
    const lineId = (await second.shopper.get(`/api/v1/orders/${second.orderNo}`)).body.lines[0].id;
    const part = await second.shopper.post(`/api/v1/orders/${second.orderNo}/cancellation`, {
      selection: [{ lineId, quantity: 2 }],
      reasonCode: 'price',
    });
    expect(part.status, JSON.stringify(part.body)).toBe(200);
    expect(part.body.refund).toMatchObject({ amountFen: 20_000 });
    expect(await stock(v)).toEqual({ available: 9, reserved: 1 });
  });
});
