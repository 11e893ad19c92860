// Checkout, notifies, refunds and the unpaid timeout through Alipay: the app on a real port, the
// Alipay adapter talking to the local Alipay over real HTTP, and the local Alipay posting its
// notifies to our /api/v1/webhooks/alipay route.
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
import { createAlipayProvider } from '../../src/server/platform/payment-channels/alipay/alipay-provider.js';
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay/server.js';
import { postNotify } from '../support/fake-providers/http.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const APP_ID = '2021000000000001';
const SELLER_ID = '2088000000000001';
const MINUTE = 60_000;

const clock = new ManualClock();
let fake: FakeAlipay;
let stack: TestStack;

beforeAll(async () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await startFakeAlipay({
    appId: APP_ID,
    sellerId: SELLER_ID,
    appPublicKeyPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    now: () => clock.now(),
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
  stack = await startTestStack({ clock, channels: [alipay] });
}, 60_000); // fresh RSA keys per run: slow on a busy machine

afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

const notifyUrl = () => `${stack.baseUrl}/api/v1/webhooks/alipay`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

/** An order placed and handed to Alipay's cashier, which the shopper opened. */
async function orderAtCashier(priceFen = 8_800): Promise<{ shopper: TestClient; orderNo: string }> {
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
    { provider: 'alipay' },
    { 'idempotency-key': `pay-${orderNo}-k` },
  );
  expect(pay.status).toBe(200);
  expect(pay.body).toMatchObject({ provider: 'alipay', handoff: { kind: 'redirect' } });
  expect(pay.body.payUrl).toBe(pay.body.handoff.url);
  const cashier = await fetch(pay.body.payUrl as string);
  expect(await cashier.text()).toContain('确认付款'); // Alipay took our signed link
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

async function alipayReceipts(): Promise<number> {
  return (await stack.db.select().from(webhookReceipts).where(eq(webhookReceipts.source, 'alipay')))
    .length;
}

describe('checkout through Alipay', { timeout: 60_000 }, () => {
  it('pays: the shopper pays at the cashier, Alipay notifies, the order awaits shipment', async () => {
    const { shopper, orderNo } = await orderAtCashier(8_800);
    expect(await paymentOf(orderNo)).toMatchObject({
      provider: 'alipay',
      providerPaymentId: orderNo,
      status: 'pending',
    });
    expect(await statusOf(shopper, orderNo)).toBe('pending_payment');

    expect(fake.pay(orderNo)).toBe(true);
    const [delivery, ...more] = await fake.deliverNotifies();
    expect(more).toEqual([]);
    expect(delivery).toMatchObject({ url: notifyUrl(), status: 200, body: 'success' });

    const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    expect(detail.status).toBe('awaiting_shipment'); // 待发货
    expect(detail.paidFen).toBe(8_800);
    expect(await paymentOf(orderNo)).toMatchObject({
      status: 'succeeded',
      channel: 'alipay',
      providerTradeNo: fake.trade(orderNo)?.tradeNo,
    });
  });

  it('offers only configured channels; the sandbox stays the default', async () => {
    const shop = await createShop(stack.db, { stock: 5, priceFen: 3_000 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const placed = await shopper.post('/api/v1/orders', {
      items: [{ variantId: shop.variantIds[0], quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    const orderNo: string = placed.body.orders[0].orderNo;
    const wechat = await shopper.post(`/api/v1/orders/${orderNo}/pay`, { provider: 'wechatpay' });
    expect(wechat.status).toBe(422);
    expect(wechat.body.error.code).toBe('PAYMENT_METHOD_NOT_OFFERED');
    const notify = await postNotify(`${stack.baseUrl}/api/v1/webhooks/wechatpay`, '{}', {
      'content-type': 'application/json',
    });
    expect(notify.status).toBe(404);

    // No choice — no body at all, as the web app's 去支付 sends it: the sandbox, as before. A
    // later choice opens that channel's payment beside it; no choice again answers the newest.
    const sandbox = await shopper.request('POST', `/api/v1/orders/${orderNo}/pay`);
    expect(sandbox.status, JSON.stringify(sandbox.body)).toBe(200);
    expect(sandbox.body.provider).toBe('sandbox');
    const page = await fetch(
      `${stack.sandboxUrl}${new URL(sandbox.body.payUrl as string).pathname}`,
    );
    expect(page.status).toBe(200); // the sandbox's pay page
    const again = await shopper.post(`/api/v1/orders/${orderNo}/pay`, { provider: 'alipay' });
    expect(again.body).toMatchObject({ provider: 'alipay', handoff: { kind: 'redirect' } });
    const rows = await stack.db
      .select({ provider: payments.provider, status: payments.status })
      .from(payments)
      .innerJoin(orders, eq(orders.id, payments.orderId))
      .where(eq(orders.orderNo, orderNo))
      .orderBy(payments.id);
    expect(rows).toEqual([
      { provider: 'sandbox', status: 'pending' },
      { provider: 'alipay', status: 'pending' },
    ]);
    // The same payment: its link is signed afresh each time (the SDK stamps the second).
    const unsigned = (url: string) => {
      const u = new URL(url);
      u.searchParams.delete('timestamp');
      u.searchParams.delete('sign');
      return u.toString();
    };
    const unnamed = await shopper.request('POST', `/api/v1/orders/${orderNo}/pay`);
    expect(unnamed.body).toMatchObject({ provider: 'alipay', handoff: { kind: 'redirect' } });
    expect(unsigned(unnamed.body.payUrl as string)).toBe(unsigned(again.body.payUrl as string));
    const sandboxAgain = await shopper.post(`/api/v1/orders/${orderNo}/pay`, {
      provider: 'sandbox',
    });
    expect(sandboxAgain.body).toEqual({ payUrl: sandbox.body.payUrl, provider: 'sandbox' });
  });

  it('a notify delivered twice changes the order once', async () => {
    const { shopper, orderNo } = await orderAtCashier(4_200);
    expect(fake.pay(orderNo)).toBe(true);
    // The same signed notify, as Alipay resends it when our answer is lost.
    const body = fake.notifyBody(orderNo);
    const first = await postNotify(notifyUrl(), body, FORM);
    const again = await postNotify(notifyUrl(), body, FORM);
    expect([first.body, again.body]).toEqual(['success', 'success']);
    // And Alipay's own notify (another notify_id) after that.
    expect((await fake.deliverNotifies()).map((d) => d.body)).toEqual(['success']);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment');
    expect(await paidEvents(orderNo)).toBe(1);
  });

  it('refuses a notify with a bad signature, another amount, another app or an unknown order; nothing changes', async () => {
    const { shopper, orderNo } = await orderAtCashier(5_000);
    expect(fake.pay(orderNo)).toBe(true);
    const receipts = await alipayReceipts();
    const refused = [
      fake.notifyBody(orderNo, () => {}, 'stranger'),
      fake.notifyBody(orderNo, (p) => {
        p.total_amount = '0.01';
        p.receipt_amount = '0.01';
        p.buyer_pay_amount = '0.01';
      }),
      fake.notifyBody(orderNo, (p) => {
        p.app_id = '2021000000000999';
      }),
      fake.notifyBody(orderNo, (p) => {
        p.seller_id = '2088000000000999';
      }),
      fake.notifyBody(orderNo, (p) => {
        p.out_trade_no = '999999999999999999';
      }),
    ];
    for (const body of refused) {
      const answer = await postNotify(notifyUrl(), body, FORM);
      // Anything but `success` makes Alipay send it again.
      expect(answer.body).not.toBe('success');
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect(await statusOf(shopper, orderNo)).toBe('pending_payment');
    expect(await paymentOf(orderNo)).toMatchObject({ status: 'pending', providerTradeNo: null });
    expect(await alipayReceipts()).toBe(receipts);
    const metrics = await stack.runtime.deps.metrics.registry.getSingleMetricAsString(
      'btp_webhook_rejects_total',
    );
    for (const reason of ['bad_signature', 'amount_mismatch', 'wrong_merchant', 'unknown_payment'])
      expect(metrics).toContain(`source="alipay",reason="${reason}"`);

    // The genuine notify still goes through.
    expect((await fake.deliverNotifies()).map((d) => d.body)).toEqual(['success']);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment');
  });

  it('cancel → refund at Alipay under our key → notify → 已到账', async () => {
    const { shopper, orderNo } = await orderAtCashier(6_600);
    expect(fake.pay(orderNo)).toBe(true);
    await fake.deliverNotifies();
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment');

    const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    expect(cancel.body.result).toBe('cancelled');
    const refundId = cancel.body.refund.id as number;
    await stack.settle(); // the worker pays the refund out through Alipay

    const refunds = [...(fake.trade(orderNo)?.refunds.values() ?? [])];
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amountFen: 6_600, outRequestNo: `refund-${refundId}-a1` });
    // Alipay's refund notify: the app asks Alipay for the refund's amount and takes it.
    expect((await fake.deliverNotifies()).map((d) => d.body)).toEqual(['success']);
    await stack.settle();

    const detail = (await shopper.get(`/api/v1/refunds/${refundId}`)).body;
    expect(detail).toMatchObject({ status: 'succeeded', amountFen: 6_600, channel: 'alipay' });
    expect(detail.arrivedAt).not.toBeNull();
    expect(detail.timeline.map((e: { status: string }) => e.status)).toEqual([
      'approved',
      'succeeded',
    ]);
    // Asked again (催一下): the query goes to Alipay and agrees.
    const nudged = await shopper.post(`/api/v1/refunds/${refundId}/nudge`);
    expect(nudged.body.status).toBe('succeeded');
    expect(fake.trade(orderNo)?.refunds.size).toBe(1);
  });

  it('the unpaid timeout closes the trade at Alipay; a trade paid first is kept as paid', async () => {
    const abandoned = await orderAtCashier(1_000);
    const lastSecond = await orderAtCashier(2_000);
    expect(fake.pay(lastSecond.orderNo)).toBe(true); // its notify is not delivered in time
    await stack.settle();
    clock.advance(31 * MINUTE);
    await stack.settle();

    expect(await statusOf(abandoned.shopper, abandoned.orderNo)).toBe('cancelled');
    expect(fake.trade(abandoned.orderNo)?.status).toBe('TRADE_CLOSED');
    expect(await paymentOf(abandoned.orderNo)).toMatchObject({ status: 'voided' });

    // Alipay's close answered "already paid": the payment is recorded, the order is not cancelled.
    expect(await statusOf(lastSecond.shopper, lastSecond.orderNo)).toBe('awaiting_shipment');
    expect(await paymentOf(lastSecond.orderNo)).toMatchObject({ status: 'succeeded' });
    expect((await fake.deliverNotifies()).every((d) => d.body === 'success')).toBe(true);
    expect(await paidEvents(lastSecond.orderNo)).toBe(1);
  });
});
