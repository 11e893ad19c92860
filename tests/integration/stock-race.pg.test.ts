import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKeys, orders } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  stockOf,
  type TestUser,
} from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Real concurrent connections: PostgreSQL only (PGlite runs one transaction at a time).
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 32 });
});
afterAll(async () => {
  await stack?.close();
});

describe('the last units of a variant under a rush of buyers', () => {
  it('sells exactly the 10 units left to 10 of 50 shoppers and refuses the other 40 clearly', async () => {
    const shop = await createShop(stack.db, { stock: 10, priceFen: 9_900 });
    const variantId = shop.variantIds[0]!;

    const users: TestUser[] = [];
    for (let i = 0; i < 50; i++) users.push(await createUser(stack.db));
    const shoppers: TestClient[] = await Promise.all(users.map((u) => loginAs(stack, u)));
    // Fetch every CSRF cookie up front, so the 50 buys leave at the same moment.
    for (const s of shoppers) expect(s.cookie('btp_csrf')).toBeTruthy();

    const body = { items: [{ variantId, quantity: 1 }], fromCart: false, address: ADDRESS };
    const results = await Promise.all(
      shoppers.map((s, i) =>
        s.post('/api/v1/orders', body, { 'idempotency-key': `rush-${i}-000000` }),
      ),
    );

    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    for (const r of lost) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('OUT_OF_STOCK');
      expect(r.body.error.message).toBe('库存不足');
    }
    // Every winner holds exactly one unit, each in its own order.
    const orderNos = won.map((r) => r.body.orders[0].orderNo as string);
    expect(new Set(orderNos).size).toBe(10);
    for (const r of won) {
      expect(r.body.orders).toHaveLength(1);
      expect(r.body.orders[0]).toMatchObject({ status: 'pending_payment', itemCount: 1 });
    }
    const rows = await stack.db.select().from(orders).where(eq(orders.shopId, shop.shopId));
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((o) => o.shopperId)).size).toBe(10);

    const stock = await stockOf(stack.db, variantId);
    expect(stock).toMatchObject({ available: 0, reserved: 10, shipped: 0 });
    expect(stock.ledger).toEqual({ received: 10, reserved: 10, shipped: 0 });

    // A losing shopper asking in English is told the same thing in English.
    const english = await shoppers[0]!.post('/api/v1/orders', body, { 'accept-language': 'en' });
    expect(english.status).toBe(409);
    expect(english.body.error).toMatchObject({
      code: 'OUT_OF_STOCK',
      message: 'Not enough stock.',
    });
  });

  it('places one order for 20 concurrent sends of one buy with the same Idempotency-Key', async () => {
    const shop = await createShop(stack.db, { stock: 50, priceFen: 1_500 });
    const variantId = shop.variantIds[0]!;
    const user = await createUser(stack.db);
    const shopper = await loginAs(stack, user);
    const key = 'double-click-0000000001';
    const body = { items: [{ variantId, quantity: 2 }], fromCart: false, address: ADDRESS };

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        shopper.post('/api/v1/orders', body, { 'idempotency-key': key }),
      ),
    );

    for (const r of results) expect(r.status).toBe(201);
    const first = JSON.stringify(results[0]!.body);
    for (const r of results) expect(JSON.stringify(r.body)).toBe(first);

    const rows = await stack.db.select().from(orders).where(eq(orders.shopperId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.orderNo).toBe(results[0]!.body.orders[0].orderNo);
    const stock = await stockOf(stack.db, variantId);
    expect(stock).toMatchObject({ available: 48, reserved: 2 });
    expect(stock.ledger).toEqual({ received: 50, reserved: 2, shipped: 0 });
    const keys = await stack.db
      .select()
      .from(idempotencyKeys)
      .where(inArray(idempotencyKeys.userId, [user.id]));
    expect(keys).toHaveLength(1);
    expect(keys[0]!.responseStatus).toBe(201);

    // The same key with a different body is refused and places nothing.
    const reused = await shopper.post(
      '/api/v1/orders',
      { ...body, items: [{ variantId, quantity: 3 }] },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stack.db.select().from(orders).where(eq(orders.shopperId, user.id))).toHaveLength(
      1,
    );
  });
});
