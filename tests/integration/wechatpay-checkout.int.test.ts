// Checkout, notifies and refunds through WeChat Pay (APIv3): the app on a real port, the WeChat
// Pay adapter talking to the local WeChat Pay over real HTTP, and the local WeChat Pay posting
// its signed, encrypted notifies to our /api/v1/webhooks/wechatpay route.
import { generateKeyPairSync } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import {
  orderEvents,
  orders,
  payments,
  webhookReceipts,
} from '../../src/server/platform/db/schema/index.js';
import { createWechatPayProvider } from '../../src/server/platform/payment-channels/wechatpay/wechatpay-provider.js';
import { startFakeWechatPay, type FakeWechatPay } from '../support/fake-wechatpay/server.js';
import { postNotify } from '../support/fake-providers/http.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const MCH_ID = '1900000001';
const APP_ID = 'wx8888888888888888';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const APIV3_KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const MINUTE = 60_000;

const clock = new ManualClock();
let fake: FakeWechatPay;
let stack: TestStack;

beforeAll(async () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await startFakeWechatPay({
    mchId: MCH_ID,
    appId: APP_ID,
    merchantPublicKeyPem: merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    merchantSerialNo: SERIAL,
    apiV3Key: APIV3_KEY,
  });
  const wechat = createWechatPayProvider({
    settings: {
      mchId: MCH_ID,
      appId: APP_ID,
      merchantPrivateKeyPem: merchant.privateKey
        .export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      merchantSerialNo: SERIAL,
      platformPublicKeyPem: fake.platformPublicKeyPem,
      platformPublicKeyId: fake.publicKeyId,
      apiV3Key: APIV3_KEY,
      baseUrl: fake.baseUrl,
    },
  });
  stack = await startTestStack({ clock, channels: [wechat] });
}, 60_000); // fresh RSA keys per run: slow on a busy machine

afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

const notifyUrl = () => `${stack.baseUrl}/api/v1/webhooks/wechatpay`;

/** An order placed and handed to WeChat Pay: a Native QR code on the desktop. */
async function orderWithCode(priceFen = 8_800): Promise<{ shopper: TestClient; orderNo: string }> {
  const shop = await createShop(stack.db, { stock: 5, priceFen });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  expect(placed.status).toBe(201);
  const orderNo: string = placed.body.orders[0].orderNo;
  const pay = await shopper.post(
    `/api/v1/orders/${orderNo}/pay`,
    { provider: 'wechatpay', scene: 'desktop' },
    { 'idempotency-key': `pay-${orderNo}-k` },
  );
  expect(pay.status).toBe(200);
  expect(pay.body).toMatchObject({ provider: 'wechatpay', handoff: { kind: 'qr' } });
  expect(pay.body.handoff.content).toMatch(/^weixin:\/\//);
  expect(fake.transaction(orderNo)).toMatchObject({ totalFen: priceFen, state: 'NOTPAY' });
  return { shopper, orderNo };
}

async function statusOf(shopper: TestClient, orderNo: string): Promise<string> {
  return (await shopper.get(`/api/v1/orders/${orderNo}`)).body.status as string;
}

async function paymentOf(orderNo: string) {
  const [row] = await stack.db
    .select({ payment: payments })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(eq(orders.orderNo, orderNo));
  return row!.payment;
}

async function paidEvents(orderNo: string): Promise<number> {
  const rows = await stack.db
    .select({ id: orderEvents.id })
    .from(orderEvents)
    .innerJoin(orders, eq(orders.id, orderEvents.orderId))
    .where(and(eq(orders.orderNo, orderNo), eq(orderEvents.kind, 'order.paid')));
  return rows.length;
}

async function receipts(): Promise<number> {
  return (
    await stack.db.select().from(webhookReceipts).where(eq(webhookReceipts.source, 'wechatpay'))
  ).length;
}

describe('checkout through WeChat Pay', { timeout: 60_000 }, () => {
  it('pays: the shopper scans and pays, WeChat Pay notifies, the order awaits shipment', async () => {
    const { shopper, orderNo } = await orderWithCode(8_800);
    expect(fake.pay(orderNo)).toBe(true);
    const deliveries = await fake.deliverNotifies();
    expect(deliveries).toEqual([{ url: notifyUrl(), status: 204, body: '' }]);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment'); // 待发货
    expect(await paymentOf(orderNo)).toMatchObject({
      provider: 'wechatpay',
      status: 'succeeded',
      channel: 'wechat',
      providerTradeNo: fake.transaction(orderNo)?.transactionId,
    });
  });

  it('a notify delivered twice changes the order once', async () => {
    const { shopper, orderNo } = await orderWithCode(4_200);
    expect(fake.pay(orderNo)).toBe(true);
    const notify = fake.paymentNotify(orderNo);
    const first = await postNotify(notifyUrl(), notify.body, notify.headers);
    const again = await postNotify(notifyUrl(), notify.body, notify.headers);
    expect([first.status, again.status]).toEqual([204, 204]);
    expect((await fake.deliverNotifies()).map((d) => d.status)).toEqual([204]);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment');
    expect(await paidEvents(orderNo)).toBe(1);
  });

  it('refuses a notify signed by a stranger, of another amount, merchant or app; nothing changes', async () => {
    const { shopper, orderNo } = await orderWithCode(5_000);
    expect(fake.pay(orderNo)).toBe(true);
    const before = await receipts();
    const refused = [
      fake.paymentNotify(orderNo, () => {}, 'stranger'),
      fake.paymentNotify(orderNo, (r) => {
        r.amount.total = 1;
        r.amount.payer_total = 1;
      }),
      fake.paymentNotify(orderNo, (r) => {
        r.mchid = '1900000999';
      }),
      fake.paymentNotify(orderNo, (r) => {
        r.appid = 'wx9999999999999999';
      }),
    ];
    for (const notify of refused) {
      const answer = await postNotify(notifyUrl(), notify.body, notify.headers);
      expect(answer.status).toBe(400); // WeChat Pay sends it again
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'FAIL' });
    }
    expect(await statusOf(shopper, orderNo)).toBe('pending_payment');
    expect(await paymentOf(orderNo)).toMatchObject({ status: 'pending', providerTradeNo: null });
    expect(await receipts()).toBe(before);
    expect((await fake.deliverNotifies()).map((d) => d.status)).toEqual([204]);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment');
  });

  it('cancel → refund under our key (处理中) → the card takes it → notify → 已到账', async () => {
    const { shopper, orderNo } = await orderWithCode(6_600);
    expect(fake.pay(orderNo)).toBe(true);
    await fake.deliverNotifies();
    const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    expect(cancel.body.result).toBe('cancelled');
    const refundId = cancel.body.refund.id as number;
    await stack.settle();

    const key = `refund-${refundId}-a1`;
    expect(fake.transaction(orderNo)?.refunds.get(key)).toMatchObject({
      amountFen: 6_600,
      status: 'PROCESSING',
    });
    expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('processing');

    fake.settleRefund(key, 'SUCCESS');
    expect((await fake.deliverNotifies()).map((d) => d.status)).toEqual([204]);
    await stack.settle();
    const detail = (await shopper.get(`/api/v1/refunds/${refundId}`)).body;
    expect(detail).toMatchObject({ status: 'succeeded', amountFen: 6_600, channel: 'wechat' });
    expect(detail.timeline.map((e: { status: string }) => e.status)).toEqual([
      'approved',
      'processing',
      'succeeded',
    ]);
  });

  it('the unpaid timeout closes the transaction at WeChat Pay', async () => {
    const { shopper, orderNo } = await orderWithCode(1_000);
    // Our clock moves to the deadline; WeChat Pay's stays real (its signed times are checked).
    clock.advance(31 * MINUTE);
    await stack.settle();
    expect(await statusOf(shopper, orderNo)).toBe('cancelled');
    expect(fake.transaction(orderNo)?.state).toBe('CLOSED');
    expect(await paymentOf(orderNo)).toMatchObject({ status: 'voided' });
  });
});
