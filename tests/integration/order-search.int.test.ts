import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS, createShop, createUser, loginAs, type TestUser } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let ops: TestClient;
let alice: TestUser;
let bob: TestUser;
const orderNos: Record<string, string> = {};
let shopA: number;

async function place(client: TestClient, variantId: number, phone = ADDRESS.phone) {
  const res = await client.post('/api/v1/orders', {
    items: [{ variantId, quantity: 1 }],
    fromCart: false,
    address: { ...ADDRESS, phone },
  });
  expect(res.status).toBe(201);
  return res.body.orders[0].orderNo as string;
}

beforeAll(async () => {
  stack = await startTestStack();
  ops = await loginAs(stack, await createUser(stack.db, 'operator'));
  const a = await createShop(stack.db);
  const b = await createShop(stack.db);
  shopA = a.shopId;
  alice = await createUser(stack.db);
  bob = await createUser(stack.db);
  const aliceClient = await loginAs(stack, alice);
  const bobClient = await loginAs(stack, bob);
  orderNos['a1'] = await place(aliceClient, a.variantIds[0]!);
  orderNos['a2'] = await place(aliceClient, b.variantIds[0]!);
  // Bob sends a parcel to a receiver with another phone number.
  orderNos['b1'] = await place(bobClient, a.variantIds[0]!, '13700001111');
});
afterAll(async () => {
  await stack?.close();
});

const nos = (res: { body: { items: { orderNo: string }[] } }) =>
  res.body.items.map((i) => i.orderNo).sort();

describe('订单查询 for staff', () => {
  it('finds orders by shopper phone, receiver phone, email, number, product, status and day', async () => {
    expect(nos(await ops.get(`/api/v1/ops/orders?phone=${alice.mobile}`))).toEqual(
      [orderNos['a1'], orderNos['a2']].sort(),
    );
    expect(nos(await ops.get('/api/v1/ops/orders?phone=13700001111'))).toEqual([orderNos['b1']]);
    expect(nos(await ops.get(`/api/v1/ops/orders?email=${bob.email.toUpperCase()}`))).toEqual([
      orderNos['b1'],
    ]);
    const one = await ops.get(`/api/v1/ops/orders?orderNo=${orderNos['a2']}`);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0]).toMatchObject({ shopperMobile: alice.mobile, lineCount: 1 });
    expect(
      nos(await ops.get('/api/v1/ops/orders?product=测试&status=pending_payment')),
    ).toHaveLength(3);
    expect(nos(await ops.get('/api/v1/ops/orders?product=不存在的商品'))).toEqual([]);
    expect(nos(await ops.get('/api/v1/ops/orders?status=completed'))).toEqual([]);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect(nos(await ops.get(`/api/v1/ops/orders?from=${today}&to=${today}`))).toHaveLength(3);
    expect(nos(await ops.get('/api/v1/ops/orders?to=2020-01-01'))).toEqual([]);
  });

  it('pages newest first and opens the staff view of an order', async () => {
    const first = await ops.get('/api/v1/ops/orders?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await ops.get(`/api/v1/ops/orders?limit=2&cursor=${first.body.nextCursor}`);
    expect([...nos(first), ...nos(second)].sort()).toEqual(Object.values(orderNos).sort());
    const detail = await ops.get(`/api/v1/ops/orders/${orderNos['a1']}`);
    expect(detail.status).toBe(200);
    expect(detail.body.lines).toHaveLength(1);
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toContain('order.placed');
  });

  it("shows a merchant only their shop's orders and shoppers nothing", async () => {
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shopA));
    expect(nos(await merchant.get(`/api/v1/ops/orders?phone=${alice.mobile}`))).toEqual([
      orderNos['a1'],
    ]);
    expect((await merchant.get(`/api/v1/ops/orders/${orderNos['a2']}`)).status).toBe(404);
    const shopper = await loginAs(stack, alice);
    expect((await shopper.get('/api/v1/ops/orders')).status).toBe(403);
  });
});
