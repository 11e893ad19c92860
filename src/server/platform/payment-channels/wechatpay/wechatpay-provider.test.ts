// The WeChat Pay adapter against a local WeChat Pay that speaks APIv3 over real HTTP.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyReceiver } from '../../../../../tests/support/fake-providers/notify-receiver.js';
import {
  startFakeWechatPay,
  type FakeWechatPay,
} from '../../../../../tests/support/fake-wechatpay/server.js';
import {
  ChannelUnavailableError,
  type ChannelProvider,
  type PaymentReference,
} from '../channel-provider.js';
import type { RecordedPayment } from '../notify-check.js';
import { createWechatPayProvider } from './wechatpay-provider.js';

const MCH_ID = '1900009191';
const APP_ID = 'wxd678efh567hg6787';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const APIV3_KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';

let fake: FakeWechatPay;
let wechat: ChannelProvider;
let receiver: Awaited<ReturnType<typeof startNotifyReceiver>>;
const recorded = new Map<string, RecordedPayment>();
let seq = 0;

beforeAll(async () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await startFakeWechatPay({
    mchId: MCH_ID,
    appId: APP_ID,
    merchantPublicKeyPem: merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    merchantSerialNo: SERIAL,
    apiV3Key: APIV3_KEY,
  });
  wechat = createWechatPayProvider({
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
  receiver = await startNotifyReceiver(wechat, recorded);
}, 60_000); // fresh RSA keys per run: slow on a busy machine

afterAll(async () => {
  await receiver?.close();
  await fake?.close();
});

async function startPayment(amountFen = 8800, scene: 'desktop' | 'mobile' = 'desktop') {
  const merchantOrderNo = `W${Date.now()}${++seq}`;
  const requestedAt = new Date();
  const handoff = await wechat.startPayment({
    merchantOrderNo,
    amountFen,
    description: 'B特派订单',
    returnUrl: 'http://shop.test/orders/1',
    notifyUrl: receiver.url,
    expiresAt: new Date(Date.now() + 30 * 60_000),
    scene,
    clientIp: '203.0.113.7',
    requestedAt,
  });
  recorded.set(merchantOrderNo, { merchantOrderNo, amountFen });
  const payment: PaymentReference = { merchantOrderNo, amountFen, requestedAt };
  return { payment, handoff };
}

async function paidPayment(amountFen = 8800): Promise<PaymentReference> {
  const { payment } = await startPayment(amountFen);
  expect(fake.pay(payment.merchantOrderNo)).toBe(true);
  await fake.deliverNotifies();
  return payment;
}

const refundInput = (payment: PaymentReference, key: string, amountFen: number) => ({
  idempotencyKey: key,
  payment,
  amountFen,
  reason: '取消订单',
  notifyUrl: receiver.url,
  requestedAt: new Date(),
});

describe('WeChat Pay adapter against the local WeChat Pay', { timeout: 30_000 }, () => {
  it('Native pay: a QR code, the notify decrypts and verifies, the query agrees', async () => {
    const { payment, handoff } = await startPayment();
    expect(handoff).toMatchObject({ kind: 'qr' });
    expect(handoff.kind === 'qr' && handoff.content).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    expect(fake.pay(payment.merchantOrderNo)).toBe(true);
    const [delivery] = await fake.deliverNotifies();
    expect(delivery!.status).toBe(204);
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind === 'payment' && notify.payment).toMatchObject({
      merchantOrderNo: payment.merchantOrderNo,
      status: 'succeeded',
      amountFen: 8800,
    });
    expect(await wechat.queryPayment(payment)).toMatchObject({
      status: 'succeeded',
      amountFen: 8800,
    });
  });

  it('H5 pay: the shopper is sent to WeChat with our return address', async () => {
    const { handoff } = await startPayment(500, 'mobile');
    expect(handoff.kind).toBe('redirect');
    const url = new URL(handoff.kind === 'redirect' ? handoff.url : '');
    expect(url.searchParams.get('redirect_url')).toBe('http://shop.test/orders/1');
    expect(await (await fetch(url)).text()).toContain('¥5.00');
  });

  it('closes an unpaid payment; a payment made first stays paid', async () => {
    const { payment } = await startPayment();
    expect(await wechat.closePayment(payment)).toMatchObject({ status: 'closed' });
    expect(fake.pay(payment.merchantOrderNo)).toBe(false);
    const paid = await paidPayment();
    expect(await wechat.closePayment(paid)).toMatchObject({ status: 'succeeded' });
  });

  it('refunds with out_refund_no = our key and the lines as goods_detail; the notify settles it', async () => {
    const payment = await paidPayment();
    const refund = await wechat.refund({
      ...refundInput(payment, 'refund-21-a1', 3000),
      lines: [
        {
          merchantGoodsId: 'sku-7',
          name: '橙子',
          unitPriceFen: 1500,
          quantity: 2,
          refundFen: 3000,
        },
      ],
    });
    expect(refund).toMatchObject({
      status: 'processing',
      amountFen: 3000,
      idempotencyKey: 'refund-21-a1',
    });
    const atWechat = fake.transaction(payment.merchantOrderNo)!.refunds.get('refund-21-a1')!;
    expect(atWechat.goods).toEqual([
      {
        merchant_goods_id: 'sku-7',
        goods_name: '橙子',
        unit_price: 1500,
        refund_amount: 3000,
        refund_quantity: 2,
      },
    ]);
    fake.settleRefund('refund-21-a1', 'SUCCESS');
    const [delivery] = await fake.deliverNotifies();
    expect(delivery!.status).toBe(204);
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind === 'refund' && notify.refund).toMatchObject({
      idempotencyKey: 'refund-21-a1',
      status: 'succeeded',
      amountFen: 3000,
    });
    expect(
      await wechat.queryRefund({
        idempotencyKey: 'refund-21-a1',
        payment,
        requestedAt: new Date(),
      }),
    ).toMatchObject({ status: 'succeeded' });
  });

  it('a refund whose answer was lost is retried with the same key: one refund at WeChat Pay', async () => {
    const payment = await paidPayment();
    fake.inject('/v3/refund/domestic/refunds', 'drop_answer');
    await expect(wechat.refund(refundInput(payment, 'refund-22-a1', 8800))).rejects.toBeInstanceOf(
      ChannelUnavailableError,
    );
    const retried = await wechat.refund(refundInput(payment, 'refund-22-a1', 8800));
    expect(retried).toMatchObject({ status: 'processing', amountFen: 8800 });
    expect(fake.transaction(payment.merchantOrderNo)!.refunds.size).toBe(1);
  });

  it('an ABNORMAL refund is reported failed, then sent to a new card through WeChat’s abnormal refund', async () => {
    const payment = await paidPayment();
    await wechat.refund(refundInput(payment, 'refund-23-a1', 8800));
    fake.settleRefund('refund-23-a1', 'ABNORMAL');
    await fake.deliverNotifies();
    const notify = receiver.accepted.at(-1)!;
    expect(notify.kind === 'refund' && notify.refund).toMatchObject({
      status: 'failed',
      failureReason: 'abnormal',
    });
    const failed = await wechat.queryRefund({
      idempotencyKey: 'refund-23-a1',
      payment,
      requestedAt: new Date(),
    });
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'abnormal' });
    const again = await wechat.refundToNewDestination!(failed, {
      type: 'bank_card',
      bankType: 'ICBC_DEBIT',
      accountNo: '6212260000000000001',
      holderName: '张三',
    });
    expect(again.status).toBe('processing');
    // the card number and name reached WeChat encrypted to its key, and readable by it
    expect(
      fake.transaction(payment.merchantOrderNo)!.refunds.get('refund-23-a1')!.newDestination,
    ).toEqual({
      type: 'USER_BANK_CARD',
      bankType: 'ICBC_DEBIT',
      account: '6212260000000000001',
      name: '张三',
    });
    expect(fake.requests.at(-1)!.body).not.toContain('6212260000000000001');
    fake.settleRefund('refund-23-a1', 'SUCCESS');
    await fake.deliverNotifies();
    expect(receiver.accepted.at(-1)).toMatchObject({
      kind: 'refund',
      refund: { status: 'succeeded' },
    });
  });

  it('refuses a notify with a bad signature, another amount or another merchant', async () => {
    const payment = await paidPayment();
    const before = receiver.accepted.length;
    const post = ({ body, headers }: { body: string; headers: Record<string, string> }) =>
      fetch(receiver.url, { method: 'POST', headers, body });
    const stranger = fake.paymentNotify(payment.merchantOrderNo, () => {}, 'stranger');
    const cheaper = fake.paymentNotify(payment.merchantOrderNo, (r) => (r.amount.total = 1));
    const otherMerchant = fake.paymentNotify(
      payment.merchantOrderNo,
      (r) => (r.mchid = '1900000001'),
    );
    const genuine = fake.paymentNotify(payment.merchantOrderNo);
    const edited = { ...genuine, body: genuine.body.replace('"id":"EV-', '"id":"EV-9') };
    for (const n of [stranger, cheaper, otherMerchant, edited]) {
      const res = await post(n);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'FAIL', message: '失败' });
    }
    expect(receiver.accepted.length).toBe(before);
    expect(receiver.refused.slice(-4)).toEqual([
      'bad_signature',
      'amount_mismatch',
      'wrong_merchant',
      'bad_signature',
    ]);
  });

  it('WeChat Pay refuses a request signed with a key other than the merchant certificate’s', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const impostor = createWechatPayProvider({
      settings: {
        mchId: MCH_ID,
        appId: APP_ID,
        merchantPrivateKeyPem: other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        merchantSerialNo: SERIAL,
        platformPublicKeyPem: fake.platformPublicKeyPem,
        platformPublicKeyId: fake.publicKeyId,
        apiV3Key: APIV3_KEY,
        baseUrl: fake.baseUrl,
      },
    });
    const payment = await paidPayment();
    await expect(impostor.queryPayment(payment)).rejects.toMatchObject({
      code: 'SIGN_ERROR',
      status: 401,
    });
  });

  it('treats an answer signed by anyone but WeChat Pay as no answer', async () => {
    const payment = await paidPayment();
    fake.inject(
      `/v3/pay/transactions/out-trade-no/${payment.merchantOrderNo}`,
      'foreign_signature',
    );
    await expect(wechat.queryPayment(payment)).rejects.toBeInstanceOf(ChannelUnavailableError);
  });

  it('passes on a refund made in the merchant platform', async () => {
    const payment = await paidPayment();
    const key = fake.refundInDashboard(payment.merchantOrderNo, 100);
    await fake.deliverNotifies();
    expect(receiver.accepted.at(-1)).toMatchObject({
      kind: 'refund',
      refund: {
        idempotencyKey: key,
        merchantOrderNo: payment.merchantOrderNo,
        status: 'succeeded',
      },
    });
  });

  it('downloads the day’s trade bill (checked by its hash) and reads payments and refunds', async () => {
    const payment = await paidPayment(2000);
    await wechat.refund(refundInput(payment, 'refund-24-a1', 700));
    fake.settleRefund('refund-24-a1', 'SUCCESS');
    await fake.deliverNotifies();
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    // what the statement gets wrong, as told: one payment left out, one at another amount,
    // one we never took
    const omitted = await paidPayment(100);
    const changed = await paidPayment(300);
    fake.statement.omit(omitted.merchantOrderNo);
    fake.statement.changeAmount(changed.merchantOrderNo, 299);
    fake.statement.addPayment('GHOST0001', 500);
    const lines = await wechat.downloadStatement(day);
    const mine = lines.filter((l) => l.merchantOrderNo === payment.merchantOrderNo);
    expect(mine).toEqual([
      expect.objectContaining({ kind: 'payment', amountFen: 2000, feeFen: 12 }),
      expect.objectContaining({ kind: 'refund', amountFen: 700, refundKey: 'refund-24-a1' }),
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
