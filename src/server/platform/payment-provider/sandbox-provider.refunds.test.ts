// Refunds end-to-end against the real sandbox over HTTP (the sandbox app is imported only to
// start it). Special amounts (see sandbox-pay/faults.ts): …901 account_closed, …902
// card_changed, …903 one 500, …904 accepted then never answered.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxPayApp } from '../../sandbox-pay/app.js';
import {
  ProviderRejectedError,
  ProviderUnavailableError,
  type CreateRefundInput,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderRefundEvent,
} from './payment-provider.js';
import { createSandboxProvider } from './sandbox-provider.js';

const API_KEY = 'sk_test_provider_refunds';
const SECRET = 'whsec_test_provider_refunds';
const NOW = new Date('2025-03-03T02:00:00.000Z'); // Monday 10:00 Shanghai

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

let sandbox: Awaited<ReturnType<typeof buildSandboxPayApp>>;
let sandboxUrl: string;
let receiver: Server;
let notifyUrl: string;
const hooks: Hook[] = [];
let provider: PaymentProvider;
let impatient: PaymentProvider;
let seq = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/sandbox-pay`;
  sandbox = await buildSandboxPayApp({
    publicUrl: 'http://pay.sandbox.test',
    apiKey: API_KEY,
    webhookSecret: SECRET,
    now: () => NOW,
    // Real time: refunds settle only through settleDue({ all: true }) in these tests.
    settlementScale: 1,
  });
  sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  // The default timeout: a busy test machine can take more than a few hundred ms to answer.
  provider = createSandboxProvider({ baseUrl: sandboxUrl, apiKey: API_KEY, webhookSecret: SECRET });
  // For the refund the sandbox accepts and never answers (…904): gives up soon.
  impatient = createSandboxProvider({
    baseUrl: sandboxUrl,
    apiKey: API_KEY,
    webhookSecret: SECRET,
    timeoutMs: 300,
  });
});

afterAll(async () => {
  await sandbox.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function paidPayment(channel: string, amountFen = 10_000): Promise<string> {
  const p = await provider.createPayment({
    idempotencyKey: `rp-${++seq}`,
    amountFen,
    merchantOrderNo: `BT-R${seq}`,
    description: '退款测试',
    returnUrl: 'http://shop.test/orders/1',
    notifyUrl,
  });
  const res = await fetch(`${sandboxUrl}/pay/${p.id}/confirm`, {
    method: 'POST',
    body: new URLSearchParams({ channel }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return p.id;
}

function refundInput(paymentId: string, overrides: Partial<CreateRefundInput> = {}) {
  return {
    idempotencyKey: `refund-${++seq}`,
    paymentId,
    amountFen: 1000,
    notifyUrl,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

async function movements(refundId: string): Promise<number> {
  const res = await fetch(`${sandboxUrl}/admin/refunds`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  const { data } = (await res.json()) as { data: { id: string; movements: number }[] };
  return data.find((r) => r.id === refundId)?.movements ?? 0;
}

function refundEvent(e: ProviderEvent): ProviderRefundEvent {
  if (!('refund' in e)) throw new Error(`expected a refund event, got ${e.type}`);
  return e;
}

/** Settles everything, sends the webhooks, and parses the refund's events in arrival order. */
async function eventsFor(refundId: string): Promise<ProviderRefundEvent[]> {
  await sandbox.sandbox.settleDue({ all: true });
  await sandbox.sandbox.flushWebhooks();
  return hooks
    .filter((h) => h.body.includes(refundId))
    .map((h) => refundEvent(provider.parseWebhook(h.body, h.headers, NOW)));
}

describe('createRefund / getRefund', () => {
  it('creates a processing card refund and maps it to camelCase', async () => {
    const paymentId = await paidPayment('card');
    const refund = await provider.createRefund(refundInput(paymentId, { reason: '缺货' }));
    expect(refund).toEqual({
      id: expect.stringMatching(/^re_/) as string,
      paymentId,
      amountFen: 1000,
      status: 'processing',
      failureReason: null,
      channel: 'card',
      settledAt: null,
      expectedSettleAt: new Date('2025-03-04T02:00:00.000Z'),
    });
    expect(await provider.getRefund(refund.id)).toEqual(refund);
  });

  it('a balance refund succeeds at once; a bank-account refund moves on card', async () => {
    const paymentId = await paidPayment('wechat');
    const instant = await provider.createRefund(
      refundInput(paymentId, { destination: { type: 'balance', accountRef: 'u-1' } }),
    );
    expect(instant).toMatchObject({ status: 'succeeded', channel: 'balance', settledAt: NOW });
    const bank = await provider.createRefund(
      refundInput(paymentId, {
        destination: { type: 'bank_account', bank: '工商银行', accountNo: '6222020200112233' },
      }),
    );
    expect(bank).toMatchObject({ status: 'processing', channel: 'card' });
    const wechat = await provider.createRefund(refundInput(paymentId));
    expect(wechat).toMatchObject({
      channel: 'wechat',
      expectedSettleAt: new Date(NOW.getTime() + 3 * 60_000),
    });
  });

  it('is idempotent per key; a reused key with another amount is rejected', async () => {
    const paymentId = await paidPayment('alipay');
    const data = refundInput(paymentId);
    const a = await provider.createRefund(data);
    const b = await provider.createRefund(data);
    expect(b.id).toBe(a.id);
    expect(await movements(a.id)).toBe(1);
    const err = await rejection(provider.createRefund({ ...data, amountFen: 999 }));
    expect(err).toBeInstanceOf(ProviderRejectedError);
    expect(err).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
  });

  it('maps over-refund, unknown payment, unpaid payment and unknown refund to ProviderRejectedError', async () => {
    const paymentId = await paidPayment('card', 1500);
    await provider.createRefund(refundInput(paymentId, { amountFen: 1000 }));
    expect(
      await rejection(provider.createRefund(refundInput(paymentId, { amountFen: 501 }))),
    ).toMatchObject({ code: 'amount_exceeds_refundable', status: 422 });
    expect(await rejection(provider.createRefund(refundInput('pay_nope')))).toMatchObject({
      code: 'payment_not_found',
      status: 404,
    });
    const unpaid = await provider.createPayment({
      idempotencyKey: `rp-${++seq}`,
      amountFen: 100,
      merchantOrderNo: 'BT-unpaid',
      description: 'x',
      returnUrl: 'http://shop.test/',
      notifyUrl,
    });
    expect(await rejection(provider.createRefund(refundInput(unpaid.id)))).toMatchObject({
      code: 'payment_not_paid',
      status: 409,
    });
    expect(await rejection(provider.getRefund('re_nope'))).toMatchObject({
      code: 'refund_not_found',
      status: 404,
    });
  });
});

describe('faults through the adapter', () => {
  it('accepted then timed out (…904): ProviderUnavailableError, the retry returns the same refund', async () => {
    const paymentId = await paidPayment('card');
    const data = refundInput(paymentId, { amountFen: 904 });
    const err = await rejection(impatient.createRefund(data));
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    const retry = await provider.createRefund(data);
    expect(retry).toMatchObject({ paymentId, amountFen: 904, status: 'processing' });
    expect(await movements(retry.id)).toBe(1);
    const res = await fetch(`${sandboxUrl}/v1/refunds?payment_id=${paymentId}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(((await res.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('a 500 (…903) is ProviderUnavailableError; the retry with the same key creates it', async () => {
    const paymentId = await paidPayment('alipay');
    const data = refundInput(paymentId, { amountFen: 1903 });
    expect(await rejection(provider.createRefund(data))).toBeInstanceOf(ProviderUnavailableError);
    const ok = await provider.createRefund(data);
    expect(await movements(ok.id)).toBe(1);
  });
});

describe('refund webhooks through parseWebhook', () => {
  it('refund.processing then refund.succeeded', async () => {
    const paymentId = await paidPayment('alipay');
    const refund = await provider.createRefund(refundInput(paymentId));
    const events = await eventsFor(refund.id);
    expect(events.map((e) => e.type)).toEqual(['refund.processing', 'refund.succeeded']);
    expect(events[0]!.refund).toEqual(refund);
    expect(events[1]!.refund).toMatchObject({ status: 'succeeded', settledAt: NOW });
    expect(events[1]!.created).toEqual(NOW);
    expect(events[0]!.id).not.toBe(events[1]!.id);
    expect(await provider.getRefund(refund.id)).toEqual(events[1]!.refund);
  });

  it('refund.failed carries the failure reason (…901 account_closed, …902 card_changed)', async () => {
    const paymentId = await paidPayment('card');
    const closed = await provider.createRefund(refundInput(paymentId, { amountFen: 901 }));
    const changed = await provider.createRefund(refundInput(paymentId, { amountFen: 2902 }));
    const [closedEvents, changedEvents] = [await eventsFor(closed.id), await eventsFor(changed.id)];
    expect(closedEvents.at(-1)).toMatchObject({
      type: 'refund.failed',
      refund: { status: 'failed', failureReason: 'account_closed', settledAt: null },
    });
    expect(changedEvents.at(-1)?.refund.failureReason).toBe('card_changed');
  });

  it('dropped webhooks: nothing arrives, getRefund tells the final state', async () => {
    const faults = (body: unknown) =>
      fetch(`${sandboxUrl}/admin/faults`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const paymentId = await paidPayment('wechat');
    expect((await faults({ webhooks: { drop: true } })).status).toBe(200);
    try {
      const refund = await provider.createRefund(refundInput(paymentId));
      expect(await eventsFor(refund.id)).toEqual([]);
      expect(await provider.getRefund(refund.id)).toMatchObject({
        status: 'succeeded',
        settledAt: NOW,
      });
    } finally {
      await faults({ webhooks: { drop: false } });
    }
  });
});
