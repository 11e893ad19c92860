// Daily statement reconciliation (对账) against the three local providers: shoppers pay and are
// refunded through Alipay, WeChat Pay and UnionPay on one Shanghai day; the next day the job
// downloads each provider's statement of it (written by the provider from its own records) and
// matches it against ours. Clean statements give no mismatch; the mismatches a provider was told
// to put in its statement are found, each once; re-running a day changes nothing; a provider that
// cannot hand over its statement is recorded as failed and tried again.
import { generateKeyPairSync } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENTS_DAILY_TOPIC } from '../../src/server/modules/payments/statement-jobs.js';
import { reconcileStatement } from '../../src/server/modules/payments/statement-run.js';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import {
  auditLog,
  orders,
  outbox,
  payments,
  refunds,
  statementRuns,
} from '../../src/server/platform/db/schema/index.js';
import { createAlipayProvider } from '../../src/server/platform/payment-channels/alipay/alipay-provider.js';
import type { ProviderName } from '../../src/server/platform/payment-channels/channel-provider.js';
import { createUnionPayProvider } from '../../src/server/platform/payment-channels/unionpay/unionpay-provider.js';
import { unionPayOrderId } from '../../src/server/platform/payment-channels/unionpay/unionpay-signing.js';
import { createWechatPayProvider } from '../../src/server/platform/payment-channels/wechatpay/wechatpay-provider.js';
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay/server.js';
import { startFakeUnionPay, type FakeUnionPay } from '../support/fake-unionpay/server.js';
import { startFakeWechatPay, type FakeWechatPay } from '../support/fake-wechatpay/server.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const HOUR = 3_600_000;
const CHANNELS: ProviderName[] = ['alipay', 'wechatpay', 'unionpay'];

// The day's payments are made at the clock's time (WeChat Pay's signatures carry the real time,
// so the clock starts at it); the statements are fetched at 10:00 the next morning.
const clock = new ManualClock();
const DAY = new Date(clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
const nextMorning = () => new Date(Date.parse(`${DAY}T02:00:00Z`) + 24 * HOUR);

let alipay: FakeAlipay;
let wechat: FakeWechatPay;
let unionpay: FakeUnionPay;
let stack: TestStack;

beforeAll(async () => {
  const now = () => clock.now();
  const alipayApp = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const wechatMerchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  alipay = await startFakeAlipay({
    appId: '2021000000000001',
    sellerId: '2088000000000001',
    appPublicKeyPem: alipayApp.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    now,
  });
  wechat = await startFakeWechatPay({
    mchId: '1900000001',
    appId: 'wx8888888888888888',
    merchantPublicKeyPem: wechatMerchant.publicKey
      .export({ type: 'spki', format: 'pem' })
      .toString(),
    merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    apiV3Key: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
  });
  unionpay = await startFakeUnionPay({ merId: '777290058110048', pfxPassword: '000000', now });
  const channels = [
    createAlipayProvider({
      settings: {
        appId: '2021000000000001',
        privateKeyPem: alipayApp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        alipayPublicKeyPem: alipay.alipayPublicKeyPem,
        gateway: alipay.gateway,
        sellerId: '2088000000000001',
      },
    }),
    createWechatPayProvider({
      settings: {
        mchId: '1900000001',
        appId: 'wx8888888888888888',
        merchantPrivateKeyPem: wechatMerchant.privateKey
          .export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
        platformPublicKeyPem: wechat.platformPublicKeyPem,
        platformPublicKeyId: wechat.publicKeyId,
        apiV3Key: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
        baseUrl: wechat.baseUrl,
      },
    }),
    createUnionPayProvider({
      settings: {
        merId: '777290058110048',
        signPfx: unionpay.merchantPfx,
        signPfxPassword: '000000',
        rootCertPem: unionpay.rootCertPem,
        middleCertPem: unionpay.middleCertPem,
        gateway: unionpay.gateway,
        fileGateway: unionpay.fileGateway,
      },
      now,
    }),
  ];
  stack = await startTestStack({ clock, channels });
}, 120_000); // fresh RSA keys and a certificate chain per run: slow on a busy machine

afterAll(async () => {
  await stack?.close();
  await Promise.all([alipay?.close(), wechat?.close(), unionpay?.close()]);
});

/** An order placed, handed to the channel and paid there; its notify is delivered. */
async function paidOrder(provider: ProviderName, priceFen: number) {
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
    { provider, scene: 'desktop' },
    { 'idempotency-key': `pay-${orderNo}-k` },
  );
  expect(pay.status).toBe(200);
  if (provider === 'alipay') {
    await (await fetch(pay.body.payUrl as string)).text(); // the cashier opens the trade
    expect(alipay.pay(orderNo)).toBe(true);
    await alipay.deliverNotifies();
  } else if (provider === 'wechatpay') {
    expect(wechat.pay(orderNo)).toBe(true);
    await wechat.deliverNotifies();
  } else {
    const form = pay.body.handoff as { action: string; fields: Record<string, string> };
    await (
      await fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form.fields).toString(),
      })
    ).text();
    expect(unionpay.pay(orderNo)).toBe(true);
    await unionpay.deliverNotifies();
  }
  expect((await shopper.get(`/api/v1/orders/${orderNo}`)).body.status).toBe('awaiting_shipment');
  return { shopper, orderNo };
}

/** The shopper cancels a paid order; the refund goes back through the channel and arrives. */
async function refunded(provider: ProviderName, shopper: TestClient, orderNo: string) {
  const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'price',
  });
  expect(cancel.body.result).toBe('cancelled');
  const refundId = cancel.body.refund.id as number;
  await stack.settle();
  const key = `refund-${refundId}-a1`;
  if (provider === 'alipay') await alipay.deliverNotifies();
  else if (provider === 'wechatpay') {
    wechat.settleRefund(key, 'SUCCESS');
    await wechat.deliverNotifies();
  } else {
    unionpay.settleRefund(unionPayOrderId(key), '00');
    await unionpay.deliverNotifies();
  }
  await stack.settle();
  expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('succeeded');
  return key;
}

/** Per channel: the orders paid that day, and the one refunded (paid 8_800, refunded whole). */
const day: Record<ProviderName, { orders: string[]; refundKey: string }> = {
  alipay: { orders: [], refundKey: '' },
  wechatpay: { orders: [], refundKey: '' },
  unionpay: { orders: [], refundKey: '' },
};

async function runOf(provider: ProviderName) {
  const [row] = await stack.db
    .select()
    .from(statementRuns)
    .where(eq(statementRuns.provider, provider));
  return row;
}

/** Everything a re-run must leave alone. */
async function fingerprint() {
  const rows = await Promise.all([
    stack.db.select().from(payments).orderBy(payments.id),
    stack.db.select().from(refunds).orderBy(refunds.id),
    stack.db.select().from(orders).orderBy(orders.id),
    stack.db.select({ n: count() }).from(auditLog),
    stack.db.select({ n: count() }).from(outbox),
  ]);
  return JSON.stringify(rows);
}

const operator = async () => loginAs(stack, await createUser(stack.db, 'operator'));

describe('daily statement reconciliation (对账)', { timeout: 120_000 }, () => {
  it('a day of payments and refunds on three channels', async () => {
    for (const provider of CHANNELS) {
      for (const price of [1_200, 3_450]) {
        day[provider].orders.push((await paidOrder(provider, price)).orderNo);
      }
      const { shopper, orderNo } = await paidOrder(provider, 8_800);
      day[provider].orders.push(orderNo);
      day[provider].refundKey = await refunded(provider, shopper, orderNo);
    }
  });

  it('the next morning the job matches each clean statement: no mismatch, totals agree', async () => {
    clock.set(nextMorning());
    await stack.runtime.deps.outbox.emit(stack.db, STATEMENTS_DAILY_TOPIC, {});
    await stack.settle();
    for (const provider of CHANNELS) {
      const run = await runOf(provider);
      expect(run, provider).toMatchObject({
        day: DAY,
        status: 'matched',
        failures: 0,
        mismatchCount: 0,
        mismatches: [],
        totals: {
          payments: { ours: { count: 3, fen: 13_450 }, theirs: { count: 3, fen: 13_450 } },
          refunds: { ours: { count: 1, fen: 8_800 }, theirs: { count: 1, fen: 8_800 } },
        },
      });
    }
  });

  it('running a day again gives the same result and changes nothing else', async () => {
    const before = await fingerprint();
    for (const provider of CHANNELS) {
      const first = await runOf(provider);
      const again = await reconcileStatement(stack.runtime.deps, provider, DAY);
      expect(again.mismatches).toEqual(first!.mismatches);
      expect(again.totals).toEqual(first!.totals);
      const { triedAt: _t, matchedAt: _m, ...stored } = (await runOf(provider))!;
      const { triedAt: _t0, matchedAt: _m0, ...was } = first!;
      expect(stored).toEqual(was);
    }
    expect(await fingerprint()).toBe(before);
    expect(await stack.db.select().from(statementRuns)).toHaveLength(3);
  });

  it('finds exactly the mismatches each provider was told to put in its statement', async () => {
    const at = new Date(Date.parse(`${DAY}T04:00:00Z`));
    for (const provider of CHANNELS) {
      const fake = { alipay, wechatpay: wechat, unionpay }[provider];
      const [omitted, changed] = day[provider].orders;
      fake.statement.omit(omitted!);
      fake.statement.changeAmount(changed!, 3_451);
      fake.statement.addPayment(`9${provider.length}000000000000001`, 777, at);

      const result = await reconcileStatement(stack.runtime.deps, provider, DAY);
      expect(result.mismatches, provider).toEqual([
        expect.objectContaining({
          kind: 'missing_ours',
          entry: 'payment',
          reference: `9${provider.length}000000000000001`,
          theirAmountFen: 777,
          orderNo: null,
        }),
        expect.objectContaining({
          kind: 'missing_theirs',
          entry: 'payment',
          reference: omitted,
          orderNo: omitted,
          ourAmountFen: 1_200,
        }),
        expect.objectContaining({
          kind: 'amount_differs',
          entry: 'payment',
          reference: changed,
          ourAmountFen: 3_450,
          theirAmountFen: 3_451,
        }),
      ]);
      expect(result.totals?.payments).toEqual({
        ours: { count: 3, fen: 13_450 },
        theirs: { count: 3, fen: 3_451 + 8_800 + 777 },
      });
      expect(result.totals?.refunds.theirs).toEqual({ count: 1, fen: 8_800 });
      expect((await runOf(provider))!.mismatchCount).toBe(3);
    }
  });

  it('a statement that cannot be downloaded is recorded as failed, retried, then matched', async () => {
    wechat.inject('/v3/bill/tradebill', 'foreign_signature', 1);
    await expect(reconcileStatement(stack.runtime.deps, 'wechatpay', DAY)).rejects.toThrow();
    const failed = await runOf('wechatpay');
    expect(failed).toMatchObject({ status: 'failed', failures: 1, mismatchCount: 3 });
    expect(failed!.lastError).toMatch(/ChannelUnavailableError/);

    // The job: the first try fails the same way, the outbox tries again later.
    wechat.inject('/v3/bill/tradebill', 'foreign_signature', 1);
    await stack.runtime.deps.outbox.emit(
      stack.db,
      'payments.statement',
      { provider: 'wechatpay', day: DAY },
      { eventId: 'retry-check' },
    );
    await stack.settle();
    expect(await runOf('wechatpay')).toMatchObject({ status: 'failed', failures: 2 });
    clock.advance(5 * 60_000);
    await stack.settle();
    expect(await runOf('wechatpay')).toMatchObject({
      status: 'matched',
      failures: 0,
      lastError: null,
      mismatchCount: 3,
    });
  });

  it('the operator page API: the day per channel, its mismatches, and 重新对账', async () => {
    const op = await operator();
    const list = await op.get('/api/v1/ops/statements');
    expect(list.status).toBe(200);
    expect(list.body.channels).toEqual(CHANNELS);
    expect(list.body.runs.map((r: { provider: string }) => r.provider).sort()).toEqual(
      [...CHANNELS].sort(),
    );
    const detail = await op.get(`/api/v1/ops/statements/unionpay/${DAY}`);
    expect(detail.body).toMatchObject({ status: 'matched', mismatchCount: 3 });
    expect(detail.body.mismatches).toHaveLength(3);

    const again = await op.post(`/api/v1/ops/statements/alipay/${DAY}/run`);
    expect(again.status).toBe(200);
    expect(again.body.mismatchCount).toBe(3);
    const audited = await stack.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'statement.rerun'));
    expect(audited).toMatchObject([{ entityId: `alipay/${DAY}` }]);

    const today = new Date(clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const open = await op.post(`/api/v1/ops/statements/alipay/${today}/run`);
    expect(open.status).toBe(422);
    expect(open.body.error.code).toBe('STATEMENT_DAY_NOT_CLOSED');
    const noSuchDay = await op.post('/api/v1/ops/statements/alipay/2020-02-31/run');
    expect(noSuchDay.status).toBe(400);
    expect(noSuchDay.body.error.code).toBe('VALIDATION_FAILED');
    const never = await op.get('/api/v1/ops/statements/alipay/2020-01-01');
    expect(never.status).toBe(404);
    expect(never.body.error.code).toBe('NOT_FOUND');

    wechat.inject('/v3/bill/tradebill', 'foreign_signature', 1);
    const down = await op.post(`/api/v1/ops/statements/wechatpay/${DAY}/run`);
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    const shown = await op.get(`/api/v1/ops/statements/wechatpay/${DAY}`);
    expect(shown.body).toMatchObject({ status: 'failed', failures: 1, mismatchCount: 3 });

    const shopper = await loginAs(stack, await createUser(stack.db));
    expect((await shopper.get('/api/v1/ops/statements')).status).toBe(403);
    const agent = await loginAs(stack, await createUser(stack.db, 'agent'));
    expect((await agent.post(`/api/v1/ops/statements/alipay/${DAY}/run`)).status).toBe(403);
  });
});
