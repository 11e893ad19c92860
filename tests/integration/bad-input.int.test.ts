import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  stockOf,
  type TestShop,
} from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let shop: TestShop;
let shopper: TestClient;
let merchant: TestClient;
let orderNo: string;

beforeAll(async () => {
  stack = await startTestStack();
  shop = await createShop(stack.db, { stock: 30 });
  shopper = await loginAs(stack, await createUser(stack.db));
  merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  orderNo = placed.body.orders[0].orderNo;
});
afterAll(async () => {
  await stack?.close();
});

function expectBadRequest(res: TestResponse, code = 'VALIDATION_FAILED') {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

const order = (items: unknown, extra: Record<string, unknown> = {}) => ({
  items,
  fromCart: false,
  address: ADDRESS,
  ...extra,
});

describe('requests the server cannot accept get a 400 with the one error shape', () => {
  it('malformed JSON', async () => {
    for (const raw of ['{"items": [', '{items: 1}', 'null', '"just a string"', '']) {
      const res = await shopper.post('/api/v1/orders', raw);
      expect(res.status, raw).toBe(400);
      expect(res.body.error.code, raw).toBe('VALIDATION_FAILED');
    }
    const login = await shopper.post('/api/v1/auth/login', '{"account":"a@b.cn",');
    expectBadRequest(login);
  });

  it('a body that is not JSON at all is refused as an unsupported format', async () => {
    const res = await stack.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: {
        'content-type': 'text/plain',
        'x-csrf-token': shopper.cookie('btp_csrf') ?? '',
      },
      cookies: { btp_csrf: shopper.cookie('btp_csrf') ?? '' },
      payload: 'account=a&password=b',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('wrong types', async () => {
    const v = shop.variantIds[0];
    expectBadRequest(
      await shopper.post('/api/v1/orders', order([{ variantId: v, quantity: '1' }])),
    );
    expectBadRequest(
      await shopper.post('/api/v1/orders', order([{ variantId: String(v), quantity: 1 }])),
    );
    expectBadRequest(
      await shopper.post('/api/v1/orders', order([{ variantId: v, quantity: 1.5 }])),
    );
    expectBadRequest(await shopper.post('/api/v1/orders', order({ variantId: v, quantity: 1 })));
    expectBadRequest(await shopper.post('/api/v1/orders', order([], {})));
    expectBadRequest(
      await shopper.post(
        '/api/v1/orders',
        order([{ variantId: v, quantity: 1 }], { fromCart: 'yes' }),
      ),
    );
    expectBadRequest(
      await shopper.post(
        '/api/v1/orders',
        order([{ variantId: v, quantity: 1 }], { address: null }),
      ),
    );
    expectBadRequest(
      await shopper.post('/api/v1/auth/login', { account: 13800000000, password: 1 }),
    );
    expectBadRequest(await shopper.put(`/api/v1/cart/items/${v}`, { quantity: [1] }));
    expectBadRequest(
      await merchant.post(`/api/v1/merchant/orders/${orderNo}/ship`, {
        carrier: {},
        trackingNo: 1,
      }),
    );
  });

  it('over-long strings', async () => {
    const v = shop.variantIds[0];
    const long = '长'.repeat(5_000);
    expectBadRequest(
      await shopper.post('/api/v1/orders', {
        ...order([{ variantId: v, quantity: 1 }]),
        address: { ...ADDRESS, address: long },
      }),
    );
    expectBadRequest(
      await shopper.post('/api/v1/orders', {
        ...order([{ variantId: v, quantity: 1 }]),
        address: { ...ADDRESS, name: 'x'.repeat(41) },
      }),
    );
    expectBadRequest(await shopper.patch('/api/v1/me', { displayName: 'x'.repeat(41) }));
    expectBadRequest(
      await stack
        .client()
        .post('/api/v1/auth/login', { account: `${'a'.repeat(300)}@x.cn`, password: 'x' }),
    );
    expectBadRequest(await shopper.get(`/api/v1/orders?q=${'x'.repeat(200)}`));
    expectBadRequest(
      await merchant.post(`/api/v1/merchant/orders/${orderNo}/ship`, {
        carrier: '顺丰',
        trackingNo: 'S'.repeat(41),
      }),
    );
  });

  it('unknown fields', async () => {
    const v = shop.variantIds[0];
    expectBadRequest(
      await shopper.post('/api/v1/orders', order([{ variantId: v, quantity: 1 }], { priceFen: 1 })),
    );
    expectBadRequest(
      await shopper.post('/api/v1/orders', order([{ variantId: v, quantity: 1, unitPriceFen: 1 }])),
    );
    expectBadRequest(await shopper.patch('/api/v1/me', { role: 'operator' }));
    expect((await shopper.get('/api/v1/session')).body.user.role).toBe('shopper');
    expectBadRequest(await shopper.put(`/api/v1/cart/items/${v}`, { quantity: 1, userId: 1 }));
  });

  it('bad order numbers', async () => {
    for (const bad of [
      'abc',
      '123',
      '1234567890123456789',
      '12345678901234567x',
      '%27%20OR%201%3D1',
    ]) {
      expectBadRequest(await shopper.get(`/api/v1/orders/${bad}`));
      expectBadRequest(await shopper.post(`/api/v1/orders/${bad}/pay`));
      expectBadRequest(await merchant.get(`/api/v1/merchant/orders/${bad}`));
    }
  });

  it('negative, zero and huge quantities, and nothing is reserved', async () => {
    const v = shop.variantIds[0];
    const before = await stockOf(stack.db, v!);
    for (const quantity of [-1, 0, 100, 1_000_000, 2 ** 53, 1e300]) {
      expectBadRequest(await shopper.post('/api/v1/orders', order([{ variantId: v, quantity }])));
      expectBadRequest(await shopper.put(`/api/v1/cart/items/${v}`, { quantity }));
    }
    for (const variantId of [-5, 0, 2 ** 53, 1e300]) {
      expectBadRequest(await shopper.post('/api/v1/orders', order([{ variantId, quantity: 1 }])));
    }
    expectBadRequest(
      await shopper.post(
        '/api/v1/orders',
        order(Array.from({ length: 51 }, () => ({ variantId: v, quantity: 1 }))),
      ),
    );
    expect(await stockOf(stack.db, v!)).toEqual(before);
    expect((await shopper.get('/api/v1/cart')).body.items).toEqual([]);
  });

  it('bad Idempotency-Key headers', async () => {
    const v = shop.variantIds[0];
    const before = (await shopper.get('/api/v1/orders/counts')).body.all;
    for (const key of ['short', 'has space in it', 'x'.repeat(129), '中文键名称不可以使用的'])
      expectBadRequest(
        await shopper.post('/api/v1/orders', order([{ variantId: v, quantity: 1 }]), {
          'idempotency-key': key,
        }),
      );
    expectBadRequest(
      await shopper.post(`/api/v1/orders/${orderNo}/pay`, {}, { 'idempotency-key': 'a b' }),
    );
    expect((await shopper.get('/api/v1/orders/counts')).body.all).toBe(before);
  });

  it('bad paging and ids in query strings and paths', async () => {
    expectBadRequest(await shopper.get('/api/v1/orders?limit=0'));
    expectBadRequest(await shopper.get('/api/v1/orders?limit=1000'));
    expectBadRequest(await shopper.get('/api/v1/orders?tab=everything'));
    expectBadRequest(await shopper.get('/api/v1/orders?cursor=-1'));
    expectBadRequest(await stack.client().get('/api/v1/products/abc'));
    expectBadRequest(await stack.client().get('/api/v1/products/-1'));
    expectBadRequest(await shopper.put('/api/v1/cart/items/abc', { quantity: 1 }));
  });

  it('answers in English when asked', async () => {
    const res = await shopper.post('/api/v1/orders', '{"items": [', {
      'accept-language': 'en-US,en;q=0.9',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The request is invalid.',
    });
    const zh = await shopper.post(
      '/api/v1/orders',
      order([{ variantId: shop.variantIds[0], quantity: -1 }]),
    );
    expect(zh.body.error.message).toBe('请求参数不正确');
    const en = await shopper.post(
      '/api/v1/orders',
      order([{ variantId: shop.variantIds[0], quantity: -1 }]),
      { 'accept-language': 'en' },
    );
    expect(en.body.error.message).toBe('The request is invalid.');
    // Validation details point at the offending field.
    expect(JSON.stringify(en.body.error.details)).toContain('quantity');
  });
});

describe('no request gets a 500', () => {
  const garbageBodies: unknown[] = [
    undefined,
    {},
    '{not json',
    [],
    { a: 1 },
    { items: 'x', quantity: -1, account: null, carrier: [], trackingNo: {} },
    'null',
    '1e400',
  ];
  const pathValues = [
    '1',
    '0',
    '-1',
    'abc',
    '99999999999999999999999',
    '209901011234567890',
    '..%2F..%2Fetc',
  ];
  const queryStrings = [
    '',
    '?cursor=9999999999999999999',
    '?cursor=1e300',
    '?cursor=9007199254740993',
    '?cursor=abc&limit=-3',
    '?limit=1e309',
    '?q=%25%5F%5C',
    '?tab=all&tab=cancelled',
    '?shopId=99999999999999999999999&cursor=1e300',
    '?recipient=x&cursor=1',
  ];

  async function routes(): Promise<{ method: string; path: string }[]> {
    const doc = (await stack.client().get('/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const out: { method: string; path: string }[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops)) out.push({ method: method.toUpperCase(), path });
    // Logging out would turn the rest of the sweep into anonymous calls; it is swept last.
    out.sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    // Routes hidden from the document.
    out.push(
      { method: 'POST', path: '/api/v1/webhooks/sandbox-pay' },
      { method: 'GET', path: '/img/products/{file}' },
      { method: 'GET', path: '/healthz' },
      { method: 'GET', path: '/readyz' },
      { method: 'GET', path: '/openapi.json' },
    );
    return out;
  }

  /** Sends every route a set of bad inputs; returns how many were sent and which got a 5xx. */
  async function sweep(client: TestClient, who: string) {
    let sent = 0;
    const failures: string[] = [];
    const signedIn = (await client.get('/api/v1/session')).body.user !== null;
    for (const { method, path } of await routes()) {
      // Every route before logout must run with the caller still signed in.
      if (path.endsWith('/logout') && signedIn)
        expect((await client.get('/api/v1/session')).body.user, who).not.toBeNull();
      const hasParam = path.includes('{');
      for (const value of hasParam ? pathValues : ['']) {
        const url = path.replace(/\{[^}]+\}/g, value);
        if (method === 'GET') {
          for (const qs of queryStrings) {
            const res = await client.get(`${url}${qs}`);
            sent++;
            if (res.status >= 500) failures.push(`${who} GET ${url}${qs} → ${res.status}`);
          }
        } else {
          for (const body of garbageBodies) {
            const res = await client.request(method as 'POST', url, body ?? {});
            sent++;
            if (res.status >= 500)
              failures.push(`${who} ${method} ${url} ${JSON.stringify(body)} → ${res.status}`);
            if (res.status >= 400 && res.status !== 404) {
              expect(res.body.error, `${who} ${method} ${url}`).toMatchObject({
                code: expect.any(String),
                message: expect.any(String),
              });
            }
          }
        }
      }
    }
    return { sent, failures };
  }

  it('as an anonymous visitor', async () => {
    const { sent, failures } = await sweep(stack.client(), 'anonymous');
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(100);
  });

  it('as a shopper', async () => {
    const client = await loginAs(stack, await createUser(stack.db));
    const { sent, failures } = await sweep(client, 'shopper');
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(100);
  });

  it('as a merchant', async () => {
    const client = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const { sent, failures } = await sweep(client, 'merchant');
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(100);
  });

  it('as an operator', async () => {
    const client = await loginAs(stack, await createUser(stack.db, 'operator'));
    const { sent, failures } = await sweep(client, 'operator');
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(100);
  });
});
