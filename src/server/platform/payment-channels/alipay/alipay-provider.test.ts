// The Alipay adapter against a local Alipay that speaks the gateway protocol over real HTTP.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeAlipay,
  type FakeAlipay,
} from '../../../../../tests/support/fake-alipay/server.js';
import { startNotifyReceiver } from '../../../../../tests/support/fake-providers/notify-receiver.js';
import {
  ChannelRejectedError,
  ChannelUnavailableError,
  type ChannelProvider,
  type PaymentReference,
} from '../channel-provider.js';
import type { RecordedPayment } from '../notify-check.js';
import { createAlipayProvider } from './alipay-provider.js';

const APP_ID = '2021000000000001';
const SELLER_ID = '2088000000000001';

let fake: FakeAlipay;
let alipay: ChannelProvider;
let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
const recorded = new Map<string, RecordedPayment>();
let seq = 0;

beforeAll(async () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await startFakeAlipay({
    appId: APP_ID,
    sellerId: SELLER_ID,
    appPublicKeyPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  alipay = createAlipayProvider({
    settings: {
      appId: APP_ID,
      privateKeyPem: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      gateway: fake.gateway,
      sellerId: SELLER_ID,
    },
  });
  receiver = await startNotifyReceiver(alipay, recorded);
}, 60_000); // fresh RSA keys per run: slow on a busy machine

afterAll(async () => {
  await receiver?.close();
  await fake?.close();
});

/** A payment started through the adapter, its cashier opened by the shopper. */
async function startPayment(amountFen = 8800): Promise<PaymentReference> {
  const merchantOrderNo = `P${Date.now()}${++seq}`;
  const requestedAt = new Date();
  const handoff = await alipay.startPayment({
    merchantOrderNo,
    amountFen,
    description: '橙子 2kg',
    returnUrl: 'http://shop.test/orders/1',
    notifyUrl: receiver.url,
    expiresAt: new Date(Date.now() + 30 * 60_000),
    scene: 'desktop',
    requestedAt,
  });
  expect(handoff.kind).toBe('redirect');
  const page = await fetch(handoff.kind === 'redirect' ? handoff.url : '');
  expect(await page.text()).toContain('确认付款'); // Alipay accepted our page-pay signature
  recorded.set(merchantOrderNo, { merchantOrderNo, amountFen });
  return { merchantOrderNo, amountFen, requestedAt };
}

async function paidPayment(amountFen = 8800): Promise<PaymentReference> {
  const payment = await startPayment(amountFen);
  expect(fake.pay(payment.merchantOrderNo)).toBe(true);
  await fake.deliverNotifies();
  return payment;
}

describe('Alipay adapter against the local Alipay', { timeout: 30_000 }, () => {
  it('pays: the cashier takes our signed link, the notify verifies, the query agrees', async () => {
    const payment = await startPayment();
    expect(fake.pay(payment.merchantOrderNo)).toBe(true);
    const [delivery] = await fake.deliverNotifies();
    expect(delivery).toMatchObject({ status: 200, body: 'success' });
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind).toBe('payment');
    if (notify.kind !== 'payment') return;
    expect(notify.payment).toMatchObject({
      merchantOrderNo: payment.merchantOrderNo,
      status: 'succeeded',
      amountFen: 8800,
    });
    const queried = await alipay.queryPayment(payment);
    expect(queried).toMatchObject({ status: 'succeeded', amountFen: 8800 });
    expect(queried.providerTradeNo).toBe(notify.payment.providerTradeNo);
  });

  it('a pay link whose parameters were changed after signing is refused by the cashier', async () => {
    const handoff = await alipay.startPayment({
      merchantOrderNo: `P${Date.now()}x`,
      amountFen: 100,
      description: 'x',
      returnUrl: 'http://shop.test/',
      notifyUrl: receiver.url,
      expiresAt: new Date(Date.now() + 60_000),
      scene: 'mobile',
      requestedAt: new Date(),
    });
    const url = handoff.kind === 'redirect' ? handoff.url : '';
    const tampered = url.replace(encodeURIComponent('"1.00"'), encodeURIComponent('"0.01"'));
    expect(tampered).not.toBe(url);
    expect(await (await fetch(tampered)).text()).toContain('isv.invalid-signature');
  });

  it('closes an unpaid payment at the timeout; the cashier then takes no money', async () => {
    const payment = await startPayment();
    expect(await alipay.closePayment(payment)).toMatchObject({ status: 'closed' });
    expect(fake.pay(payment.merchantOrderNo)).toBe(false);
    // never opened by the shopper: nothing at Alipay, still closed for us
    const never = { ...payment, merchantOrderNo: `P${Date.now()}none` };
    expect(await alipay.closePayment(never)).toMatchObject({ status: 'closed' });
  });

  it('closing a payment the shopper made first answers succeeded: Alipay decides the race', async () => {
    const payment = await paidPayment();
    expect(await alipay.closePayment(payment)).toMatchObject({ status: 'succeeded' });
  });

  it('refunds with our key as out_request_no and the lines as refund_goods_detail', async () => {
    const payment = await paidPayment();
    const refund = await alipay.refund({
      idempotencyKey: 'refund-11-a1',
      payment,
      amountFen: 3000,
      reason: '取消订单',
      notifyUrl: receiver.url,
      lines: [
        {
          merchantGoodsId: 'sku-7',
          name: '橙子',
          unitPriceFen: 1500,
          quantity: 2,
          refundFen: 3000,
        },
      ],
      requestedAt: new Date(),
    });
    expect(refund).toMatchObject({ status: 'succeeded', amountFen: 3000 });
    const atAlipay = fake.trade(payment.merchantOrderNo)!.refunds.get('refund-11-a1')!;
    expect(atAlipay.amountFen).toBe(3000);
    expect(atAlipay.goods).toEqual([{ goods_id: 'sku-7', refund_amount: '30.00' }]);

    const [delivery] = await fake.deliverNotifies();
    expect(delivery!.body).toBe('success');
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind === 'refund' && notify.refund.idempotencyKey).toBe('refund-11-a1');
    expect(notify.kind === 'refund' && notify.refundedTotalFen).toBe(3000);

    const queried = await alipay.queryRefund({
      idempotencyKey: 'refund-11-a1',
      payment,
      requestedAt: new Date(),
    });
    expect(queried).toMatchObject({ status: 'succeeded', amountFen: 3000 });
  });

  it('a refund whose answer was lost is retried with the same key: one refund at Alipay', async () => {
    const payment = await paidPayment();
    const input = {
      idempotencyKey: 'refund-12-a1',
      payment,
      amountFen: 8800,
      reason: '取消订单',
      notifyUrl: receiver.url,
      requestedAt: new Date(),
    };
    // The SDK's HTTP client sends a POST once more by itself after a broken connection; both
    // answers are lost here, so the refund is applied at Alipay and we do not know it.
    fake.inject('alipay.trade.refund', 'drop_answer', 2);
    await expect(alipay.refund(input)).rejects.toBeInstanceOf(ChannelUnavailableError);
    const retried = await alipay.refund(input);
    expect(retried).toMatchObject({ status: 'succeeded', amountFen: 8800 });
    const calls = fake.requests.filter(
      (r) => r.method === 'alipay.trade.refund' && r.params.biz_content?.includes('refund-12-a1'),
    );
    expect(calls).toHaveLength(3); // lost, resent by the client and lost, our retry
    expect(fake.trade(payment.merchantOrderNo)!.refunds.size).toBe(1);
    await fake.deliverNotifies();
    // refunded in full: Alipay closes the trade, which is not the same as never paid
    expect(await alipay.queryPayment(payment)).toMatchObject({
      status: 'refunded',
      amountFen: 8800,
    });
    expect(await alipay.closePayment(payment)).toMatchObject({ status: 'refunded' });
  });

  it('asks about a refund Alipay never received: not found, so the caller retries', async () => {
    const payment = await paidPayment();
    await expect(
      alipay.queryRefund({ idempotencyKey: 'refund-13-a1', payment, requestedAt: new Date() }),
    ).rejects.toMatchObject({ code: 'refund_not_found' });
  });

  it('refuses a notify with a bad signature, another amount or another app id', async () => {
    const payment = await paidPayment();
    const before = receiver.accepted.length;
    const post = (body: string) =>
      fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const stranger = fake.notifyBody(payment.merchantOrderNo, () => {}, 'stranger');
    const cheaper = fake.notifyBody(payment.merchantOrderNo, (p) => (p.total_amount = '0.01'));
    const otherApp = fake.notifyBody(payment.merchantOrderNo, (p) => (p.app_id = '2021999'));
    const edited = fake
      .notifyBody(payment.merchantOrderNo)
      .replace('total_amount=88.00', 'total_amount=0.01');
    for (const body of [stranger, cheaper, otherApp, edited]) {
      const res = await post(body);
      expect(await res.text()).toBe('fail'); // Alipay will deliver it again; nothing applied
    }
    expect(receiver.accepted.length).toBe(before);
    expect(receiver.refused.slice(-4)).toEqual([
      'bad_signature',
      'amount_mismatch',
      'wrong_merchant',
      'bad_signature',
    ]);
  });

  it('treats an answer signed by anyone but Alipay as no answer', async () => {
    const payment = await paidPayment();
    fake.inject('alipay.trade.query', 'foreign_signature');
    await expect(alipay.queryPayment(payment)).rejects.toBeInstanceOf(ChannelUnavailableError);
  });

  it('passes on a refund made in the merchant dashboard, under Alipay’s own number', async () => {
    const payment = await paidPayment();
    const key = fake.refundInDashboard(payment.merchantOrderNo, 500);
    await fake.deliverNotifies();
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind).toBe('refund');
    if (notify.kind !== 'refund') return;
    expect(notify.refund).toMatchObject({
      idempotencyKey: key,
      merchantOrderNo: payment.merchantOrderNo,
      status: 'succeeded',
    });
  });

  it('refuses a refund of a payment Alipay does not know', async () => {
    await expect(
      alipay.refund({
        idempotencyKey: 'refund-14-a1',
        payment: { merchantOrderNo: 'nope', amountFen: 100, requestedAt: new Date() },
        amountFen: 100,
        reason: 'x',
        notifyUrl: receiver.url,
        requestedAt: new Date(),
      }),
    ).rejects.toBeInstanceOf(ChannelRejectedError);
  });

  it('downloads the day’s statement and reads every payment and refund', async () => {
    const payment = await paidPayment(2000);
    await alipay.refund({
      idempotencyKey: 'refund-15-a1',
      payment,
      amountFen: 700,
      reason: '部分取消',
      notifyUrl: receiver.url,
      requestedAt: new Date(),
    });
    await fake.deliverNotifies();
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // what the statement gets wrong, as told: one payment left out, one at another amount,
    // one we never took
    const omitted = await paidPayment(100);
    const changed = await paidPayment(300);
    fake.statement.omit(omitted.merchantOrderNo);
    fake.statement.changeAmount(changed.merchantOrderNo, 299);
    fake.statement.addPayment('GHOST0001', 500);
    const lines = await alipay.downloadStatement(day);
    const mine = lines.filter((l) => l.merchantOrderNo === payment.merchantOrderNo);
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'payment', amountFen: 2000, refundKey: null, feeFen: -12 }),
      expect.objectContaining({ kind: 'refund', amountFen: 700, refundKey: 'refund-15-a1' }),
    ]);
    expect(mine[0]!.providerTradeNo).toBe(fake.trade(payment.merchantOrderNo)!.tradeNo);
    const byOrder = (no: string) => lines.filter((l) => l.merchantOrderNo === no);
    expect(byOrder(omitted.merchantOrderNo)).toEqual([]);
    expect(byOrder(changed.merchantOrderNo)).toEqual([
      expect.objectContaining({ kind: 'payment', amountFen: 299 }),
    ]);
    expect(byOrder('GHOST0001')).toEqual([
      expect.objectContaining({ kind: 'payment', amountFen: 500 }),
    ]);
  });
});
