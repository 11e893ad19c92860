// The three real channels side by side, each against its local provider, behind one driver shape,
// so a money case is written once and run for Alipay, WeChat Pay and UnionPay alike.
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import type {
  ChannelProvider,
  ProviderName,
} from '../../src/server/platform/payment-channels/channel-provider.js';
import { createAlipayProvider } from '../../src/server/platform/payment-channels/alipay/alipay-provider.js';
import { createUnionPayProvider } from '../../src/server/platform/payment-channels/unionpay/unionpay-provider.js';
import { unionPayOrderId } from '../../src/server/platform/payment-channels/unionpay/unionpay-signing.js';
import { createWechatPayProvider } from '../../src/server/platform/payment-channels/wechatpay/wechatpay-provider.js';
import type { Clock } from '../../src/server/platform/clock/clock.js';
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay/server.js';
import type { Delivery } from '../support/fake-providers/http.js';
import { startFakeUnionPay, type FakeUnionPay } from '../support/fake-unionpay/server.js';
import { startFakeWechatPay, type FakeWechatPay } from '../support/fake-wechatpay/server.js';
import type { TestClient } from '../support/test-client.js';

/** What 去支付 answers for a channel. */
export interface PayAnswer {
  payUrl: string;
  provider: string;
  handoff: { kind: string; url?: string; action?: string; fields?: Record<string, string> };
}

/** A refund as the provider holds it. */
export interface RefundAtProvider {
  amountFen: number;
  /** The refunded lines the provider received (null: none sent, or the API takes none). */
  goods: unknown;
}

export interface ChannelDriver {
  name: ProviderName;
  adapter: ChannelProvider;
  /** The shopper opens what checkout handed over (the cashier link, the QR code, the card form). */
  open(pay: PayAnswer): Promise<void>;
  /** The shopper pays at the provider; false when the provider no longer takes the money. */
  pay(orderNo: string): boolean;
  /** The provider posts its queued notifies to our route. */
  deliverNotifies(): Promise<Delivery[]>;
  /** The answer by which our route takes a notify, in the provider's format. */
  taken: { status: number; body: string };
  /** Our refund under `key` as the provider holds it, or null. */
  refundAt(orderNo: string, key: string): RefundAtProvider | null;
  /** How many refunds the provider holds for the payment. */
  refundCount(orderNo: string): number;
  /** The card's bank takes the refund, where the provider settles later (WeChat, UnionPay). */
  settleRefund(orderNo: string, key: string): void;
  /** The merchant refunds in the provider's own dashboard. */
  refundInDashboard(orderNo: string, amountFen: number): string;
  close(): Promise<void>;
}

async function alipayDriver(clock: Clock): Promise<ChannelDriver & { fake: FakeAlipay }> {
  const APP_ID = '2021000000000001';
  const SELLER_ID = '2088000000000001';
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fake: FakeAlipay = await startFakeAlipay({
    appId: APP_ID,
    sellerId: SELLER_ID,
    appPublicKeyPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    now: () => clock.now(),
  });
  return {
    name: 'alipay',
    adapter: createAlipayProvider({
      settings: {
        appId: APP_ID,
        privateKeyPem: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        alipayPublicKeyPem: fake.alipayPublicKeyPem,
        gateway: fake.gateway,
        sellerId: SELLER_ID,
      },
    }),
    async open(pay) {
      expect(await (await fetch(pay.payUrl)).text()).toContain('确认付款');
    },
    pay: (orderNo) => fake.pay(orderNo),
    deliverNotifies: () => fake.deliverNotifies(),
    taken: { status: 200, body: 'success' },
    refundAt(orderNo, key) {
      const r = fake.trade(orderNo)?.refunds.get(key);
      return r ? { amountFen: r.amountFen, goods: r.goods } : null;
    },
    refundCount: (orderNo) => fake.trade(orderNo)?.refunds.size ?? 0,
    settleRefund: () => {}, // Alipay's refunds land at once
    refundInDashboard: (orderNo, amountFen) => fake.refundInDashboard(orderNo, amountFen),
    close: () => fake.close(),
    fake,
  };
}

async function wechatDriver(): Promise<ChannelDriver & { fake: FakeWechatPay }> {
  const MCH_ID = '1900000001';
  const APP_ID = 'wx8888888888888888';
  const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
  const APIV3_KEY = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // WeChat Pay's clock stays real: its signed times are checked against ours.
  const fake: FakeWechatPay = await startFakeWechatPay({
    mchId: MCH_ID,
    appId: APP_ID,
    merchantPublicKeyPem: merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    merchantSerialNo: SERIAL,
    apiV3Key: APIV3_KEY,
  });
  return {
    name: 'wechatpay',
    adapter: createWechatPayProvider({
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
    }),
    async open(pay) {
      expect(pay.handoff.kind).toBe('qr'); // the code is on the screen; nothing to fetch
    },
    pay: (orderNo) => fake.pay(orderNo),
    deliverNotifies: () => fake.deliverNotifies(),
    taken: { status: 204, body: '' },
    refundAt(orderNo, key) {
      const r = fake.transaction(orderNo)?.refunds.get(key);
      return r ? { amountFen: r.amountFen, goods: r.goods } : null;
    },
    refundCount: (orderNo) => fake.transaction(orderNo)?.refunds.size ?? 0,
    settleRefund: (_orderNo, key) => void fake.settleRefund(key, 'SUCCESS'),
    refundInDashboard: (orderNo, amountFen) => fake.refundInDashboard(orderNo, amountFen),
    close: () => fake.close(),
    fake,
  };
}

async function unionpayDriver(clock: Clock): Promise<ChannelDriver & { fake: FakeUnionPay }> {
  const MER_ID = '777290058110048';
  const PASSWORD = '000000';
  const fake: FakeUnionPay = await startFakeUnionPay({
    merId: MER_ID,
    pfxPassword: PASSWORD,
    now: () => clock.now(),
  });
  return {
    fake,
    name: 'unionpay',
    adapter: createUnionPayProvider({
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
    }),
    async open(pay) {
      const page = await fetch(pay.handoff.action ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(pay.handoff.fields ?? {}).toString(),
      });
      expect(await page.text()).toContain('确认付款');
    },
    pay: (orderNo) => fake.pay(orderNo),
    deliverNotifies: () => fake.deliverNotifies(),
    taken: { status: 200, body: 'ok' },
    refundAt(_orderNo, key) {
      const r = fake.refund(unionPayOrderId(key));
      return r ? { amountFen: r.txnAmt, goods: null } : null; // UnionPay's refund takes no lines
    },
    refundCount: (orderNo) => fake.refundsOf(orderNo).length,
    settleRefund: (_orderNo, key) => fake.settleRefund(unionPayOrderId(key), '00'),
    refundInDashboard: (orderNo, amountFen) => fake.refundInDashboard(orderNo, amountFen),
    close: () => fake.close(),
  };
}

/** The three channels with their local providers; close them after the stack. */
export async function startChannels(clock: Clock): Promise<{
  drivers: ChannelDriver[];
  alipay: FakeAlipay;
  wechat: FakeWechatPay;
  unionpay: FakeUnionPay;
  close(): Promise<void>;
}> {
  const [alipay, wechat, unionpay] = await Promise.all([
    alipayDriver(clock),
    wechatDriver(),
    unionpayDriver(clock),
  ]);
  const drivers = [alipay, wechat, unionpay];
  return {
    drivers,
    alipay: alipay.fake,
    wechat: wechat.fake,
    unionpay: unionpay.fake,
    close: async () => {
      await Promise.all(drivers.map((d) => d.close()));
    },
  };
}

/** Starts a payment of the order through `provider` (or the sandbox); the answer as given. */
export async function startPayment(
  shopper: TestClient,
  orderNo: string,
  provider: string,
): Promise<PayAnswer> {
  const pay = await shopper.post(
    `/api/v1/orders/${orderNo}/pay`,
    { provider },
    { 'idempotency-key': `pay-${orderNo}-${provider}` },
  );
  expect(pay.status, JSON.stringify(pay.body)).toBe(200);
  expect(pay.body.provider).toBe(provider);
  return pay.body as PayAnswer;
}

/** The shopper confirms a sandbox payment on the sandbox's own page. */
export async function payAtSandbox(sandboxUrl: string, pay: PayAnswer): Promise<void> {
  const path = new URL(pay.payUrl).pathname;
  const confirm = await fetch(`${sandboxUrl}${path}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ channel: 'alipay' }).toString(),
    redirect: 'manual',
  });
  expect(confirm.status).toBe(303);
}

/** Runs `calls` released together from one barrier, once every one of them is waiting on it. */
export async function releasedTogether<T>(calls: readonly (() => Promise<T>)[]): Promise<T[]> {
  let release!: () => void;
  const barrier = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  const started = calls.map(async (call) => {
    waiting++;
    await barrier;
    return call();
  });
  if (waiting !== calls.length) throw new Error('barrier: not every call is waiting');
  release();
  return Promise.all(started);
}
