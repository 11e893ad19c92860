// The UnionPay adapter against a local UnionPay gateway over real HTTP, its answers and
// notifies signed under a root → intermediate → signing certificate chain made for this run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyReceiver } from '../../../../../tests/support/fake-providers/notify-receiver.js';
import {
  startFakeUnionPay,
  type FakeUnionPay,
} from '../../../../../tests/support/fake-unionpay/server.js';
import {
  ChannelUnavailableError,
  type ChannelProvider,
  type PaymentReference,
} from '../channel-provider.js';
import type { RecordedPayment } from '../notify-check.js';
import { createUnionPayProvider } from './unionpay-provider.js';
import { unionPayOrderId } from './unionpay-signing.js';

const MER_ID = '777290058110048';
const PASSWORD = '000000';

let fake: FakeUnionPay;
let unionpay: ChannelProvider;
let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
const recorded = new Map<string, RecordedPayment>();
let seq = 0;

beforeAll(async () => {
  fake = await startFakeUnionPay({ merId: MER_ID, pfxPassword: PASSWORD });
  unionpay = createUnionPayProvider({
    settings: {
      merId: MER_ID,
      signPfx: fake.merchantPfx,
      signPfxPassword: PASSWORD,
      rootCertPem: fake.rootCertPem,
      middleCertPem: fake.middleCertPem,
      gateway: fake.gateway,
      fileGateway: fake.fileGateway,
    },
  });
  receiver = await startNotifyReceiver(unionpay, recorded);
}, 60_000); // fresh RSA keys per run: slow on a busy machine

afterAll(async () => {
  await receiver?.close();
  await fake?.close();
});

/** The shopper's browser posts the signed form to UnionPay's card page. */
async function startPayment(amountFen = 8800): Promise<PaymentReference> {
  const merchantOrderNo = `20261206${String(Date.now()).slice(-8)}${++seq}`;
  const requestedAt = new Date();
  const handoff = await unionpay.startPayment({
    merchantOrderNo,
    amountFen,
    description: 'B特派订单',
    returnUrl: 'http://shop.test/orders/1',
    notifyUrl: receiver.url,
    expiresAt: new Date(Date.now() + 30 * 60_000),
    scene: 'desktop',
    requestedAt,
  });
  if (handoff.kind !== 'form') throw new Error('expected a form');
  const page = await fetch(handoff.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(handoff.fields).toString(),
  });
  expect(await page.text()).toContain('确认付款'); // UnionPay accepted our signature
  recorded.set(merchantOrderNo, { merchantOrderNo, amountFen });
  return { merchantOrderNo, amountFen, requestedAt };
}

async function paidPayment(amountFen = 8800): Promise<PaymentReference> {
  const payment = await startPayment(amountFen);
  expect(fake.pay(payment.merchantOrderNo)).toBe(true);
  await fake.deliverNotifies();
  const paid = await unionpay.queryPayment(payment);
  return { ...payment, providerTradeNo: paid.providerTradeNo };
}

const refundInput = (payment: PaymentReference, key: string, amountFen: number) => ({
  idempotencyKey: key,
  payment,
  amountFen,
  reason: '取消订单',
  notifyUrl: receiver.url,
  requestedAt: new Date(),
});

describe('UnionPay adapter against the local UnionPay gateway', { timeout: 30_000 }, () => {
  it('pays by card: the notify’s certificate chains to UnionPay’s root, the query agrees', async () => {
    const payment = await startPayment();
    expect(await unionpay.queryPayment(payment)).toMatchObject({ status: 'pending' });
    expect(fake.pay(payment.merchantOrderNo)).toBe(true);
    const [delivery] = await fake.deliverNotifies();
    expect(delivery).toMatchObject({ status: 200, body: 'ok' });
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind === 'payment' && notify.payment).toMatchObject({
      merchantOrderNo: payment.merchantOrderNo,
      status: 'succeeded',
      amountFen: 8800,
    });
    const queried = await unionpay.queryPayment(payment);
    expect(queried).toMatchObject({ status: 'succeeded', amountFen: 8800 });
    expect(queried.providerTradeNo).toBe(fake.consume(payment.merchantOrderNo)!.queryId);
  });

  it('a form changed after signing is refused by UnionPay (respCode 11)', async () => {
    const handoff = await unionpay.startPayment({
      merchantOrderNo: `X${Date.now()}`,
      amountFen: 100,
      description: 'x',
      returnUrl: 'http://shop.test/',
      notifyUrl: receiver.url,
      expiresAt: new Date(Date.now() + 60_000),
      scene: 'mobile',
      requestedAt: new Date(),
    });
    if (handoff.kind !== 'form') throw new Error('expected a form');
    const page = await fetch(handoff.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...handoff.fields, txnAmt: '1' }).toString(),
    });
    expect(await page.text()).toContain('respCode=11');
  });

  it('closes an unpaid payment at the deadline; a paid one stays paid', async () => {
    const unpaid = await startPayment();
    expect(await unionpay.closePayment(unpaid)).toMatchObject({ status: 'closed' });
    const paid = await paidPayment();
    expect(await unionpay.closePayment(paid)).toMatchObject({ status: 'succeeded' });
  });

  it('refunds under an orderId derived from our key; the refund notify carries our key back', async () => {
    const payment = await paidPayment();
    const refund = await unionpay.refund(refundInput(payment, 'refund-31-a1', 3000));
    expect(refund).toMatchObject({ status: 'processing', amountFen: 3000 });
    const orderId = unionPayOrderId('refund-31-a1');
    expect(orderId).toMatch(/^R[0-9a-f]{31}$/);
    expect(fake.refund(orderId)).toMatchObject({ txnAmt: 3000 });
    fake.settleRefund(orderId, '00');
    const [delivery] = await fake.deliverNotifies();
    expect(delivery!.status).toBe(200);
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind === 'refund' && notify.refund).toMatchObject({
      idempotencyKey: 'refund-31-a1',
      merchantOrderNo: payment.merchantOrderNo,
      status: 'succeeded',
      amountFen: 3000,
    });
  });

  it('a refund whose answer was lost is retried with the same key and time: one refund', async () => {
    const payment = await paidPayment();
    const input = refundInput(payment, 'refund-32-a1', 8800);
    fake.inject('/gateway/api/backTransReq.do', 'drop_answer');
    await expect(unionpay.refund(input)).rejects.toBeInstanceOf(ChannelUnavailableError);
    // UnionPay answers the second request "duplicate" (12); the adapter asks for the first one
    expect(await unionpay.refund(input)).toMatchObject({ status: 'processing', amountFen: 8800 });
    const refunds = fake.requests.filter(
      (r) =>
        r.path === '/gateway/api/backTransReq.do' &&
        r.fields.orderId === unionPayOrderId('refund-32-a1'),
    );
    expect(refunds).toHaveLength(2);
    fake.settleRefund(unionPayOrderId('refund-32-a1'), '00');
    await fake.deliverNotifies();
    expect(
      await unionpay.queryRefund({
        idempotencyKey: 'refund-32-a1',
        payment,
        requestedAt: input.requestedAt,
      }),
    ).toMatchObject({ status: 'succeeded', amountFen: 8800 });
  });

  it('a refund the card’s bank refuses is reported failed', async () => {
    const payment = await paidPayment();
    const input = refundInput(payment, 'refund-33-a1', 100);
    await unionpay.refund(input);
    fake.settleRefund(unionPayOrderId('refund-33-a1'), '01');
    await fake.deliverNotifies();
    expect(receiver.accepted.at(-1)).toMatchObject({
      kind: 'refund',
      refund: { status: 'failed' },
    });
    expect(
      await unionpay.queryRefund({
        idempotencyKey: 'refund-33-a1',
        payment,
        requestedAt: input.requestedAt,
      }),
    ).toMatchObject({ status: 'failed' });
  });

  it('refuses a notify signed outside the chain, by a self-made “UnionPay”, for another amount or merchant', async () => {
    const payment = await paidPayment();
    const before = receiver.accepted.length;
    const bodies = [
      fake.notifyBody(payment.merchantOrderNo, () => {}, 'outsider'),
      fake.notifyBody(payment.merchantOrderNo, () => {}, 'impostor'),
      fake.notifyBody(payment.merchantOrderNo, (f) => (f.txnAmt = '1')),
      fake.notifyBody(payment.merchantOrderNo, (f) => (f.merId = '777290058119999')),
      fake.notifyBody(payment.merchantOrderNo).replace('txnAmt=8800', 'txnAmt=1'),
    ];
    for (const body of bodies) {
      const res = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.status).toBe(400);
    }
    expect(receiver.accepted.length).toBe(before);
    expect(receiver.refused.slice(-5)).toEqual([
      'bad_signature',
      'bad_signature',
      'amount_mismatch',
      'wrong_merchant',
      'bad_signature',
    ]);
  });

  it('stops trusting UnionPay’s signing certificate once it has expired, even after using it', async () => {
    const payment = await paidPayment();
    let clock = new Date();
    const later = createUnionPayProvider({
      settings: {
        merId: MER_ID,
        signPfx: fake.merchantPfx,
        signPfxPassword: PASSWORD,
        rootCertPem: fake.rootCertPem,
        middleCertPem: fake.middleCertPem,
        gateway: fake.gateway,
        fileGateway: fake.fileGateway,
      },
      now: () => clock,
    });
    const request = { rawBody: fake.notifyBody(payment.merchantOrderNo), headers: {} };
    expect(later.parseNotify(request, clock).kind).toBe('payment');
    clock = new Date(Date.now() + 400 * 86_400_000); // the signer is valid for a year
    expect(() => later.parseNotify(request, clock)).toThrow(/bad_signature/);
  });

  it('treats an answer signed outside the chain as no answer', async () => {
    const payment = await paidPayment();
    fake.inject('/gateway/api/queryTrans.do', 'outsider_signature');
    await expect(unionpay.queryPayment(payment)).rejects.toBeInstanceOf(ChannelUnavailableError);
  });

  it('downloads the day’s statement by file transfer and reads the ZM file', async () => {
    const payment = await paidPayment(2000);
    const input = refundInput(payment, 'refund-34-a1', 700);
    await unionpay.refund(input);
    fake.settleRefund(unionPayOrderId('refund-34-a1'), '00');
    await fake.deliverNotifies();
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // what the statement gets wrong, as told: one payment left out, one at another amount,
    // one we never took
    const omitted = await paidPayment(100);
    const changed = await paidPayment(300);
    fake.statement.omit(omitted.merchantOrderNo);
    fake.statement.changeAmount(changed.merchantOrderNo, 299);
    fake.statement.addPayment('GHOST0001', 500);
    const lines = await unionpay.downloadStatement(day);
    const queryId = fake.consume(payment.merchantOrderNo)!.queryId;
    expect(lines.filter((l) => l.providerTradeNo === queryId)).toEqual([
      expect.objectContaining({
        kind: 'payment',
        merchantOrderNo: payment.merchantOrderNo,
        amountFen: 2000,
        feeFen: -10,
      }),
      expect.objectContaining({
        kind: 'refund',
        refundKey: unionPayOrderId('refund-34-a1'),
        amountFen: 700,
      }),
    ]);
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
