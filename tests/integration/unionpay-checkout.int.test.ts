// Checkout, notifies and refunds through UnionPay bank cards: the app on a real port, the
// UnionPay adapter talking to the local UnionPay gateway over real HTTP (answers and notifies
// signed under a certificate chain made for this run), and the gateway posting its notifies to
// our /api/v1/webhooks/unionpay route.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import {
  orderEvents,
  orders,
  payments,
  webhookReceipts,
} from '../../src/server/platform/db/schema/index.js';
import { createUnionPayProvider } from '../../src/server/platform/payment-channels/unionpay/unionpay-provider.js';
import { unionPayOrderId } from '../../src/server/platform/payment-channels/unionpay/unionpay-signing.js';
import { startFakeUnionPay, type FakeUnionPay } from '../support/fake-unionpay/server.js';
import { postNotify } from '../support/fake-providers/http.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const MER_ID = '777290058110048';
const PASSWORD = '000000';
const MINUTE = 60_000;

const clock = new ManualClock();
let fake: FakeUnionPay;
let stack: TestStack;

beforeAll(async () => {
  fake = await startFakeUnionPay({ merId: MER_ID, pfxPassword: PASSWORD, now: () => clock.now() });
  const unionpay = createUnionPayProvider({
    settings: {
      merId: MER_ID,
      signPfx: fake.merchantPfx,
      signPfxPassword: PASSWORD,
      rootCertPem: fake.rootCertPem,
      middleCertPem: fake.middleCertPem,
      gateway: fake.gateway,
      fileGateway: fake.fileGateway,
    },
    now: () => clock.now(),
  });
  stack = await startTestStack({ clock, channels: [unionpay] });
}, 60_000); // fresh RSA keys and certificates per run: slow on a busy machine

afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

const notifyUrl = () => `${stack.baseUrl}/api/v1/webhooks/unionpay`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' };

/** An order placed and handed to UnionPay: the browser posts the signed form to its card page. */
async function orderAtCardPage(
  priceFen = 8_800,
): Promise<{ shopper: TestClient; orderNo: string }> {
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
    { provider: 'unionpay' },
    { 'idempotency-key': `pay-${orderNo}-k` },
  );
  expect(pay.status).toBe(200);
  expect(pay.body).toMatchObject({ provider: 'unionpay', handoff: { kind: 'form' } });
  const page = await fetch(pay.body.handoff.action as string, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(pay.body.handoff.fields as Record<string, string>).toString(),
  });
  expect(await page.text()).toContain('确认付款'); // UnionPay took our signed form
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
    await stack.db.select().from(webhookReceipts).where(eq(webhookReceipts.source, 'unionpay'))
  ).length;
}

describe('checkout through UnionPay', { timeout: 60_000 }, () => {
  it('pays by card: UnionPay notifies, the order awaits shipment', async () => {
    const { shopper, orderNo } = await orderAtCardPage(8_800);
    expect(fake.pay(orderNo)).toBe(true);
    expect(await fake.deliverNotifies()).toEqual([{ url: notifyUrl(), status: 200, body: 'ok' }]);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment'); // 待发货
    expect(await paymentOf(orderNo)).toMatchObject({
      provider: 'unionpay',
      status: 'succeeded',
      channel: 'card',
      providerTradeNo: fake.consume(orderNo)?.queryId,
    });
  });

  it('a notify delivered twice changes the order once', async () => {
    const { shopper, orderNo } = await orderAtCardPage(4_200);
    expect(fake.pay(orderNo)).toBe(true);
    const body = fake.notifyBody(orderNo);
    const first = await postNotify(notifyUrl(), body, FORM);
    const again = await postNotify(notifyUrl(), body, FORM);
    expect([first.body, again.body]).toEqual(['ok', 'ok']);
    expect((await fake.deliverNotifies()).map((d) => d.body)).toEqual(['ok']);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment');
    expect(await paidEvents(orderNo)).toBe(1);
  });

  it('refuses a notify signed outside the chain, of another amount or merchant; nothing changes', async () => {
    const { shopper, orderNo } = await orderAtCardPage(5_000);
    expect(fake.pay(orderNo)).toBe(true);
    const before = await receipts();
    const refused = [
      fake.notifyBody(orderNo, () => {}, 'outsider'),
      fake.notifyBody(orderNo, () => {}, 'impostor'),
      fake.notifyBody(orderNo, (f) => (f.txnAmt = '1')),
      fake.notifyBody(orderNo, (f) => (f.merId = '777290058119999')),
    ];
    for (const body of refused) {
      const answer = await postNotify(notifyUrl(), body, FORM);
      expect(answer.status).toBe(400); // anything but 200 `ok`: UnionPay sends it again
    }
    expect(await statusOf(shopper, orderNo)).toBe('pending_payment');
    expect(await paymentOf(orderNo)).toMatchObject({ status: 'pending', providerTradeNo: null });
    expect(await receipts()).toBe(before);
    expect((await fake.deliverNotifies()).map((d) => d.body)).toEqual(['ok']);
    expect(await statusOf(shopper, orderNo)).toBe('awaiting_shipment');
  });

  it('cancel → refund on the card (origQryId, our key) → the bank takes it → notify → 已到账', async () => {
    const { shopper, orderNo } = await orderAtCardPage(6_600);
    expect(fake.pay(orderNo)).toBe(true);
    await fake.deliverNotifies();
    const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    expect(cancel.body.result).toBe('cancelled');
    const refundId = cancel.body.refund.id as number;
    await stack.settle();

    const refundOrderId = unionPayOrderId(`refund-${refundId}-a1`);
    expect(fake.refund(refundOrderId)).toMatchObject({
      txnAmt: 6_600,
      origQryId: fake.consume(orderNo)?.queryId,
      state: '05',
    });
    expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('processing');

    fake.settleRefund(refundOrderId, '00');
    expect((await fake.deliverNotifies()).map((d) => d.body)).toEqual(['ok']);
    await stack.settle();
    const detail = (await shopper.get(`/api/v1/refunds/${refundId}`)).body;
    expect(detail).toMatchObject({ status: 'succeeded', amountFen: 6_600, channel: 'card' });
    expect(detail.timeline.map((e: { status: string }) => e.status)).toEqual([
      'approved',
      'processing',
      'succeeded',
    ]);
  });

  it('the unpaid timeout: past payTimeout the card page takes no money and the order is cancelled', async () => {
    const { shopper, orderNo } = await orderAtCardPage(1_000);
    clock.advance(31 * MINUTE);
    await stack.settle();
    expect(await statusOf(shopper, orderNo)).toBe('cancelled');
    expect(await paymentOf(orderNo)).toMatchObject({ status: 'voided' });
    expect(fake.pay(orderNo)).toBe(false);
  });
});
