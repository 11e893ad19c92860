import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, sessions } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  stockOf,
  type TestShop,
} from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let shopA: TestShop;
let shopB: TestShop;
let alice: TestClient; // shopper who owns the orders
let bob: TestClient; // another shopper
let merchantA: TestClient;
let merchantB: TestClient;
let agent: TestClient;
let paidOrderNo: string; // alice's, shop A, awaiting shipment
let shippedOrderNo: string; // alice's, shop A, shipped
let unpaidOrderNo: string; // alice's, shop A, pending payment

async function placeOrder(client: TestClient, shop: TestShop, quantity = 1): Promise<string> {
  const res = await client.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity }],
    fromCart: false,
    address: ADDRESS,
  });
  if (res.status !== 201) throw new Error(`place failed: ${res.status}`);
  return res.body.orders[0].orderNo as string;
}

beforeAll(async () => {
  stack = await startTestStack();
  shopA = await createShop(stack.db, { stock: 20, priceFen: 3_000 });
  shopB = await createShop(stack.db, { stock: 20, priceFen: 4_000 });
  alice = await loginAs(stack, await createUser(stack.db));
  bob = await loginAs(stack, await createUser(stack.db));
  merchantA = await loginAs(stack, await createUser(stack.db, 'merchant', shopA.shopId));
  merchantB = await loginAs(stack, await createUser(stack.db, 'merchant', shopB.shopId));
  agent = await loginAs(stack, await createUser(stack.db, 'agent'));

  unpaidOrderNo = await placeOrder(alice, shopA);
  paidOrderNo = await placeOrder(alice, shopA);
  await payThroughSandbox(stack, alice, paidOrderNo);
  shippedOrderNo = await placeOrder(alice, shopA);
  await payThroughSandbox(stack, alice, shippedOrderNo);
  await stack.settle();
  const shipped = await merchantA.post(`/api/v1/merchant/orders/${shippedOrderNo}/ship`, {
    carrier: '中通快递',
    trackingNo: 'ZT100200300',
  });
  if (shipped.status !== 200) throw new Error(`ship failed: ${shipped.status}`);
});
afterAll(async () => {
  await stack?.close();
});

async function orderRow(orderNo: string) {
  const [row] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
  if (!row) throw new Error(`order ${orderNo} missing`);
  return row;
}

/** The error without its per-request id, to compare two answers. */
function errorOf(body: { error: Record<string, unknown> }) {
  const { requestId: _ignored, ...rest } = body.error;
  return rest;
}

const NO_SUCH_ORDER = '209901011234567890';

describe("a shopper and another shopper's orders", () => {
  it('cannot read it: the answer is the same 404 as for an order that does not exist', async () => {
    const theirs = await bob.get(`/api/v1/orders/${paidOrderNo}`);
    const missing = await bob.get(`/api/v1/orders/${NO_SUCH_ORDER}`);
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(errorOf(theirs.body)).toEqual({ code: 'ORDER_NOT_FOUND', message: '订单不存在' });
    expect(errorOf(theirs.body)).toEqual(errorOf(missing.body));
    // The owner can.
    expect((await alice.get(`/api/v1/orders/${paidOrderNo}`)).status).toBe(200);
  });

  it('does not see it in lists, counts or searches', async () => {
    const list = await bob.get('/api/v1/orders');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await bob.get('/api/v1/orders/counts')).body.all).toBe(0);
    expect((await bob.get(`/api/v1/orders?q=${paidOrderNo}`)).body.items).toEqual([]);
    expect(
      (await bob.get(`/api/v1/orders?q=${encodeURIComponent('测试商品')}`)).body.items,
    ).toEqual([]);
  });

  it('cannot pay it or confirm its receipt, and nothing changes', async () => {
    const pay = await bob.post(`/api/v1/orders/${unpaidOrderNo}/pay`);
    expect(pay.status).toBe(404);
    expect(pay.body.error.code).toBe('ORDER_NOT_FOUND');
    const confirm = await bob.post(`/api/v1/orders/${shippedOrderNo}/confirm-receipt`);
    expect(confirm.status).toBe(404);
    expect(confirm.body.error.code).toBe('ORDER_NOT_FOUND');
    expect((await orderRow(shippedOrderNo)).status).toBe('shipped');
    const detail = await alice.get(`/api/v1/orders/${unpaidOrderNo}`);
    expect(detail.body.status).toBe('pending_payment');
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['order.placed']);
  });
});

describe("a merchant and another shop's orders", () => {
  it('cannot see them: detail is 404 and the list holds only its own shop', async () => {
    const other = await merchantB.get(`/api/v1/merchant/orders/${paidOrderNo}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('ORDER_NOT_FOUND');
    expect((await merchantA.get(`/api/v1/merchant/orders/${paidOrderNo}`)).status).toBe(200);

    const listB = await merchantB.get('/api/v1/merchant/orders');
    expect(listB.status).toBe(200);
    expect(listB.body.items).toEqual([]);
    const listA = await merchantA.get('/api/v1/merchant/orders');
    expect(listA.body.items.map((o: { orderNo: string }) => o.orderNo).sort()).toEqual(
      [paidOrderNo, shippedOrderNo, unpaidOrderNo].sort(),
    );
    expect((await merchantB.get(`/api/v1/merchant/orders?q=${paidOrderNo}`)).body.items).toEqual(
      [],
    );
  });

  it('cannot prepare, ship or deliver them, and nothing changes', async () => {
    const before = await orderRow(paidOrderNo);
    const stockBefore = await stockOf(stack.db, shopA.variantIds[0]!);
    const attempts = [
      merchantB.post(`/api/v1/merchant/orders/${paidOrderNo}/prepare`),
      merchantB.post(`/api/v1/merchant/orders/${paidOrderNo}/ship`, {
        carrier: '顺丰速运',
        trackingNo: 'SF999888777',
      }),
      merchantB.post(`/api/v1/merchant/orders/${shippedOrderNo}/deliver`),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('ORDER_NOT_FOUND');
    }
    expect(await orderRow(paidOrderNo)).toEqual(before);
    expect((await orderRow(shippedOrderNo)).deliveredAt).toBeNull();
    expect(await stockOf(stack.db, shopA.variantIds[0]!)).toEqual(stockBefore);
  });
});

describe('staff-only routes', () => {
  async function staffRoutes(): Promise<{ method: string; url: string }[]> {
    const doc = (await stack.client().get('/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes: { method: string; url: string }[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!/^\/api\/v1\/(merchant|staff)\//.test(path)) continue;
      for (const method of Object.keys(ops)) {
        routes.push({
          method: method.toUpperCase(),
          url: path.replace('{orderNo}', paidOrderNo),
        });
      }
    }
    return routes;
  }

  it('lists merchant and staff routes in the API document', async () => {
    const routes = await staffRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    expect(routes).toContainEqual({ method: 'GET', url: '/api/v1/staff/outgoing-messages' });
    expect(routes).toContainEqual({
      method: 'POST',
      url: `/api/v1/merchant/orders/${paidOrderNo}/ship`,
    });
  });

  it('refuses shoppers with 403 and anonymous callers with 401 on every one', async () => {
    const anonymous = stack.client();
    const body = { carrier: '顺丰速运', trackingNo: 'SF123123123' };
    for (const { method, url } of await staffRoutes()) {
      const payload = method === 'GET' ? undefined : body;
      const asShopper = await alice.request(method as 'GET', url, payload);
      expect(asShopper.status, `${method} ${url} as shopper`).toBe(403);
      expect(asShopper.body.error.code).toBe('FORBIDDEN');
      const asNobody = await anonymous.request(method as 'GET', url, payload);
      expect(asNobody.status, `${method} ${url} anonymous`).toBe(401);
      expect(asNobody.body.error.code).toBe('UNAUTHENTICATED');
    }
    const row = await orderRow(paidOrderNo);
    expect(row.status).toBe('awaiting_shipment');
    expect(row.preparingAt).toBeNull();
  });

  it('keeps merchants out of staff routes and agents out of merchant routes', async () => {
    const mail = await merchantA.get('/api/v1/staff/outgoing-messages');
    expect(mail.status).toBe(403);
    expect((await agent.get('/api/v1/staff/outgoing-messages')).status).toBe(200);
    const orderList = await agent.get('/api/v1/merchant/orders');
    expect(orderList.status).toBe(403);
    // Shopper routes are for shoppers only.
    expect((await merchantA.get(`/api/v1/orders/${paidOrderNo}`)).status).toBe(403);
    expect((await stack.client().get('/api/v1/orders')).status).toBe(401);
  });
});

describe('CSRF defence', () => {
  /** A request that carries the browser's cookies but not the header another site cannot read. */
  async function forged(
    client: TestClient,
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    csrfHeader?: string,
  ) {
    const cookies: Record<string, string> = {};
    for (const name of ['btp_sid', 'btp_csrf']) {
      const v = client.cookie(name);
      if (v) cookies[name] = v;
    }
    const res = await stack.app.inject({
      method,
      url,
      cookies,
      headers: {
        'content-type': 'application/json',
        ...(csrfHeader !== undefined ? { 'x-csrf-token': csrfHeader } : {}),
      },
      payload: JSON.stringify(body ?? {}),
    });
    return { status: res.statusCode, body: res.json() };
  }

  it('refuses a state change without the CSRF header and commits nothing', async () => {
    const shopper = await loginAs(stack, await createUser(stack.db));
    const stockBefore = await stockOf(stack.db, shopB.variantIds[0]!);
    const place = await forged(shopper, 'POST', '/api/v1/orders', {
      items: [{ variantId: shopB.variantIds[0], quantity: 2 }],
      fromCart: false,
      address: ADDRESS,
    });
    expect(place.status).toBe(403);
    expect(place.body.error).toMatchObject({
      code: 'CSRF_FAILED',
      message: '页面已过期，请刷新后重试',
    });
    expect((await shopper.get('/api/v1/orders/counts')).body.all).toBe(0);
    expect(await stockOf(stack.db, shopB.variantIds[0]!)).toEqual(stockBefore);

    const cart = await forged(shopper, 'PUT', `/api/v1/cart/items/${shopB.variantIds[0]}`, {
      quantity: 3,
    });
    expect(cart.status).toBe(403);
    expect((await shopper.get('/api/v1/cart')).body.items).toEqual([]);

    const rename = await forged(shopper, 'PATCH', '/api/v1/me', { displayName: '被篡改' });
    expect(rename.status).toBe(403);
    expect((await shopper.get('/api/v1/session')).body.user.displayName).toBe('shopper');

    // A token that does not match the cookie is as good as none.
    const wrongToken = await forged(
      alice,
      'POST',
      `/api/v1/orders/${shippedOrderNo}/confirm-receipt`,
      {},
      'not-the-token',
    );
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.body.error.code).toBe('CSRF_FAILED');
    expect((await orderRow(shippedOrderNo)).status).toBe('shipped');

    const ship = await forged(merchantA, 'POST', `/api/v1/merchant/orders/${paidOrderNo}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF555666777',
    });
    expect(ship.status).toBe(403);
    expect((await orderRow(paidOrderNo)).status).toBe('awaiting_shipment');

    // Logging a user out from another site does not work either.
    const sessionCount = (await stack.db.select().from(sessions)).length;
    const logout = await forged(shopper, 'POST', '/api/v1/auth/logout');
    expect(logout.status).toBe(403);
    expect((await stack.db.select().from(sessions)).length).toBe(sessionCount);
    expect((await shopper.get('/api/v1/session')).body.user).not.toBeNull();

    // With the header, the same request goes through.
    const real = await shopper.put(`/api/v1/cart/items/${shopB.variantIds[0]}`, { quantity: 3 });
    expect(real.status).toBe(200);
  });
});
