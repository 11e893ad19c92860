import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shops } from '../../src/server/platform/db/schema/index.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('checkout quote', () => {
  it('prices each shop exactly as placing the order will, and names items out of stock', async () => {
    const a = await createShop(stack.db, { priceFen: 15_000, shippingFeeFen: 1_000, stock: 5 });
    const b = await createShop(stack.db, { priceFen: 2_500, shippingFeeFen: 800, stock: 1 });
    // Shop A: 满 200 减 20, free shipping over 99.
    await stack.db
      .update(shops)
      .set({ promoThresholdFen: 20_000, promoDiscountFen: 2_000, freeShippingOverFen: 9_900 })
      .where(eq(shops.id, a.shopId));
    const shopper = await loginAs(stack, await createUser(stack.db));
    const items = [
      { variantId: a.variantIds[0], quantity: 2 },
      { variantId: b.variantIds[0], quantity: 1 },
    ];

    const quote = await shopper.post('/api/v1/orders/quote', { items });
    expect(quote.status).toBe(200);
    expect(quote.body.problems).toEqual([]);
    expect(quote.body.orders).toEqual([
      expect.objectContaining({
        goodsFen: 30_000,
        discountFen: 2_000,
        shippingFen: 0,
        payableFen: 28_000,
      }),
      expect.objectContaining({
        goodsFen: 2_500,
        discountFen: 0,
        shippingFen: 800,
        payableFen: 3_300,
      }),
    ]);
    expect(quote.body.totalFen).toBe(31_300);

    const placed = await shopper.post('/api/v1/orders', {
      items,
      fromCart: false,
      address: ADDRESS,
    });
    expect(placed.status).toBe(201);
    expect(placed.body.orders.map((o: { payableFen: number }) => o.payableFen)).toEqual([
      28_000, 3_300,
    ]);
    // Line discount shares sum to the order discount.
    const lines = placed.body.orders[0].lines as { discountFen: number }[];
    expect(lines.reduce((s, l) => s + l.discountFen, 0)).toBe(2_000);

    const after = await shopper.post('/api/v1/orders/quote', { items });
    expect(after.body.problems).toEqual([
      { variantId: b.variantIds[0], code: 'OUT_OF_STOCK', available: 0 },
    ]);
  });
});
