// The operator chooses which channels checkout offers (设置 → 收银台支付方式); the shopper's app
// lists them, a 去支付 without a choice takes the first, and a channel not offered is refused.
// The app runs with the sandbox and Alipay (the local Alipay over real HTTP).
import { generateKeyPairSync } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders, payments } from '../../src/server/platform/db/schema/index.js';
import { createAlipayProvider } from '../../src/server/platform/payment-channels/alipay/alipay-provider.js';
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay/server.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const APP_ID = '2021000000000002';
const SELLER_ID = '2088000000000002';
const SETTING = '/api/v1/ops/settings/checkout-channels';

let fake: FakeAlipay;
let stack: TestStack;
let operator: TestClient;
let operatorId: number;
let shopper: TestClient;

beforeAll(async () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await startFakeAlipay({
    appId: APP_ID,
    sellerId: SELLER_ID,
    appPublicKeyPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const alipay = createAlipayProvider({
    settings: {
      appId: APP_ID,
      privateKeyPem: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      gateway: fake.gateway,
      sellerId: SELLER_ID,
    },
  });
  stack = await startTestStack({ channels: [alipay] });
  const operatorUser = await createUser(stack.db, 'operator');
  operatorId = operatorUser.id;
  operator = await loginAs(stack, operatorUser);
  shopper = await loginAs(stack, await createUser(stack.db));
}, 60_000); // fresh RSA keys per run: slow on a busy machine

afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

async function placeOrder(): Promise<string> {
  const shop = await createShop(stack.db, { stock: 5, priceFen: 4_200 });
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  expect(placed.status).toBe(201);
  return placed.body.orders[0].orderNo as string;
}

const pay = (orderNo: string, body?: Record<string, string>) =>
  shopper.post(`/api/v1/orders/${orderNo}/pay`, body, { 'idempotency-key': `pay-${orderNo}` });

async function paymentRows(orderNo: string) {
  return stack.db
    .select({ provider: payments.provider, status: payments.status })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(eq(orders.orderNo, orderNo));
}

async function settingAudits() {
  return stack.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'settings'), eq(auditLog.entityId, 'checkout_channels')));
}

describe('the channels checkout offers', { timeout: 60_000 }, () => {
  it('offers everything configured until the operator chooses, the sandbox first', async () => {
    const setting = await operator.get(SETTING);
    expect(setting.status).toBe(200);
    expect(setting.body).toEqual({
      offered: ['sandbox', 'alipay'],
      available: ['sandbox', 'alipay'],
    });
    const listed = await shopper.get('/api/v1/payment-channels');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ channels: ['sandbox', 'alipay'] });
  });

  it('takes an operator’s list in their order, audited, and checkout follows it', async () => {
    const put = await operator.put(SETTING, { offered: ['alipay'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ offered: ['alipay'], available: ['sandbox', 'alipay'] });
    const [audited, ...more] = await settingAudits();
    expect(more).toEqual([]);
    expect(audited).toMatchObject({
      actorId: operatorId,
      action: 'settings.update',
      before: { offered: ['sandbox', 'alipay'] },
      after: { offered: ['alipay'] },
    });
    expect((await shopper.get('/api/v1/payment-channels')).body).toEqual({ channels: ['alipay'] });

    // The sandbox is no longer offered: refused, and no payment is started.
    const orderNo = await placeOrder();
    const refused = await pay(orderNo, { provider: 'sandbox' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PAYMENT_METHOD_NOT_OFFERED');
    expect(await paymentRows(orderNo)).toEqual([]);

    // No choice: the first offered, Alipay, whose cashier takes the signed link.
    const paid = await pay(orderNo);
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ provider: 'alipay', handoff: { kind: 'redirect' } });
    expect(await (await fetch(paid.body.payUrl as string)).text()).toContain('确认付款');
    expect(await paymentRows(orderNo)).toEqual([{ provider: 'alipay', status: 'pending' }]);
  });

  it('puts the preselected channel first as the operator orders them', async () => {
    const put = await operator.put(SETTING, { offered: ['alipay', 'sandbox'] });
    expect(put.status).toBe(200);
    expect((await shopper.get('/api/v1/payment-channels')).body).toEqual({
      channels: ['alipay', 'sandbox'],
    });
    const orderNo = await placeOrder();
    expect((await pay(orderNo)).body.provider).toBe('alipay');
    // The sandbox, still offered, is taken when chosen.
    const other = await placeOrder();
    const sandbox = await pay(other, { provider: 'sandbox' });
    expect(sandbox.status).toBe(200);
    expect(sandbox.body.provider).toBe('sandbox');
  });

  it('refuses a list naming a channel not configured here, twice the same, or nothing', async () => {
    const before = (await settingAudits()).length;
    for (const offered of [['wechatpay'], ['alipay', 'unionpay'], ['alipay', 'alipay'], []]) {
      const refused = await operator.put(SETTING, { offered });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await operator.get(SETTING)).body.offered).toEqual(['alipay', 'sandbox']);
    expect(await settingAudits()).toHaveLength(before);
  });

  it('is the operator’s alone to see and change', async () => {
    expect((await shopper.get(SETTING)).status).toBe(403);
    expect((await shopper.put(SETTING, { offered: ['sandbox'] })).status).toBe(403);
    const agent = await loginAs(stack, await createUser(stack.db, 'agent'));
    expect((await agent.put(SETTING, { offered: ['sandbox'] })).status).toBe(403);
    // Staff do not pay: the list is the shopper's.
    expect((await operator.get('/api/v1/payment-channels')).status).toBe(403);
  });
});
