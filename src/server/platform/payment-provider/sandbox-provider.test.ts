// End-to-end against the real sandbox over HTTP. The sandbox app is imported only to start it;
// the adapter itself knows nothing of its code.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandboxPayApp } from '../../sandbox-pay/app.js';
import {
  ProviderRejectedError,
  ProviderUnavailableError,
  ProviderWebhookError,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderPaymentEvent,
} from './payment-provider.js';
import { createSandboxProvider } from './sandbox-provider.js';

const API_KEY = 'sk_test_provider';
const SECRET = 'whsec_test_provider';

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

let sandbox: Awaited<ReturnType<typeof buildSandboxPayApp>>;
let sandboxUrl: string;
let receiver: Server;
let notifyUrl: string;
const hooks: Hook[] = [];
let provider: PaymentProvider;
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
  notifyUrl = `${await listen(receiver)}/webhooks/sandbox-pay`;
  sandbox = await buildSandboxPayApp({
    publicUrl: 'http://pay.sandbox.test',
    apiKey: API_KEY,
    webhookSecret: SECRET,
  });
  sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  provider = createSandboxProvider({ baseUrl: sandboxUrl, apiKey: API_KEY, webhookSecret: SECRET });
});

afterAll(async () => {
  await sandbox.close();
  await closeServer(receiver);
});

function input(overrides: Partial<Parameters<PaymentProvider['createPayment']>[0]> = {}) {
  return {
    idempotencyKey: `order-${++seq}`,
    amountFen: 8800,
    merchantOrderNo: `BT${seq}`,
    description: '橙子 2kg',
    returnUrl: 'http://shop.test/orders/1',
    notifyUrl,
    ...overrides,
  };
}

async function payOnPage(id: string, channel: string): Promise<void> {
  const page = await fetch(`${sandboxUrl}/pay/${id}`);
  const html = await page.text();
  expect(html).toContain('支付宝');
  expect(html).toContain('确认支付');
  const res = await fetch(`${sandboxUrl}/pay/${id}/confirm`, {
    method: 'POST',
    body: new URLSearchParams({ channel }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
}

async function hookFor(paymentId: string): Promise<Hook> {
  await sandbox.sandbox.flushWebhooks();
  const found = hooks.filter((h) => h.body.includes(paymentId));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function signed(body: string, t: number, secret = SECRET): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return { 'sandbox-signature': `t=${t},v1=${mac}` };
}

function webhookError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProviderWebhookError) return err.reason;
    throw err;
  }
  throw new Error('expected a ProviderWebhookError');
}

function paymentEvent(e: ProviderEvent): ProviderPaymentEvent {
  if (e.type !== 'payment.succeeded' && e.type !== 'payment.voided') {
    throw new Error(`expected a payment event, got ${e.type}`);
  }
  return e;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('createPayment / getPayment / voidPayment', () => {
  it('creates a pending payment and maps it to camelCase', async () => {
    const p = await provider.createPayment(input());
    expect(p).toEqual({
      id: expect.stringMatching(/^pay_/) as string,
      status: 'pending',
      amountFen: 8800,
      channel: null,
      merchantOrderNo: `BT${seq}`,
      payUrl: `http://pay.sandbox.test/pay/${p.id}`,
      succeededAt: null,
    });
    expect(await provider.getPayment(p.id)).toEqual(p);
  });

  it('is idempotent per key, and rejects a reused key with a different body', async () => {
    const data = input();
    const a = await provider.createPayment(data);
    const b = await provider.createPayment(data);
    expect(b.id).toBe(a.id);
    const err = await rejection(provider.createPayment({ ...data, amountFen: 1 }));
    expect(err).toBeInstanceOf(ProviderRejectedError);
    expect(err).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
  });

  it('voids a pending payment; a paid one cannot be voided', async () => {
    const open = await provider.createPayment(input());
    expect((await provider.voidPayment(open.id)).status).toBe('voided');
    expect((await provider.voidPayment(open.id)).status).toBe('voided');

    const paid = await provider.createPayment(input());
    await payOnPage(paid.id, 'card');
    const err = await rejection(provider.voidPayment(paid.id));
    expect(err).toMatchObject({ code: 'payment_already_succeeded', status: 409 });
  });

  it('maps 404 and 401 to ProviderRejectedError', async () => {
    expect(await rejection(provider.getPayment('pay_nope'))).toMatchObject({
      code: 'payment_not_found',
      status: 404,
    });
    const badKey = createSandboxProvider({
      baseUrl: sandboxUrl,
      apiKey: 'wrong',
      webhookSecret: SECRET,
    });
    const err = await rejection(badKey.createPayment(input()));
    expect(err).toBeInstanceOf(ProviderRejectedError);
    expect(err).toMatchObject({ code: 'unauthorized', status: 401 });
  });
});

describe('parseWebhook', () => {
  it('accepts the webhook the sandbox sends after payment', async () => {
    const p = await provider.createPayment(input());
    await payOnPage(p.id, 'alipay');
    const hook = await hookFor(p.id);
    const event = paymentEvent(provider.parseWebhook(hook.body, hook.headers, new Date()));
    expect(event.id).toMatch(/^evt_/);
    expect(event.type).toBe('payment.succeeded');
    expect(event.created).toBeInstanceOf(Date);
    expect(event.payment).toMatchObject({ id: p.id, status: 'succeeded', channel: 'alipay' });
    expect(event.payment.succeededAt).toBeInstanceOf(Date);
    expect(await provider.getPayment(p.id)).toEqual(event.payment);
  });

  it('parses a payment.voided event', async () => {
    const p = await provider.createPayment(input());
    await provider.voidPayment(p.id);
    const hook = await hookFor(p.id);
    const event = paymentEvent(provider.parseWebhook(hook.body, hook.headers, new Date()));
    expect(event.type).toBe('payment.voided');
    expect(event.payment.status).toBe('voided');
  });

  it('rejects a tampered body, a wrong secret, a stale timestamp and malformed input', async () => {
    const p = await provider.createPayment(input());
    await payOnPage(p.id, 'wechat');
    const hook = await hookFor(p.id);
    const now = new Date();

    const tampered = hook.body.replace('"amount_fen":8800', '"amount_fen":1');
    expect(tampered).not.toBe(hook.body);
    expect(webhookError(() => provider.parseWebhook(tampered, hook.headers, now))).toBe(
      'bad_signature',
    );

    const otherSecret = createSandboxProvider({
      baseUrl: sandboxUrl,
      apiKey: API_KEY,
      webhookSecret: 'whsec_other',
    });
    expect(webhookError(() => otherSecret.parseWebhook(hook.body, hook.headers, now))).toBe(
      'bad_signature',
    );

    const tSec = Math.floor(now.getTime() / 1000);
    const old = signed(hook.body, tSec - 301);
    expect(webhookError(() => provider.parseWebhook(hook.body, old, now))).toBe('stale');
    expect(provider.parseWebhook(hook.body, signed(hook.body, tSec - 299), now).id).toMatch(
      /^evt_/,
    );
    const later = new Date(now.getTime() + 10 * 60_000);
    expect(webhookError(() => provider.parseWebhook(hook.body, hook.headers, later))).toBe('stale');

    expect(webhookError(() => provider.parseWebhook(hook.body, {}, now))).toBe('malformed');
    expect(
      webhookError(() => provider.parseWebhook(hook.body, { 'sandbox-signature': 'v1=abc' }, now)),
    ).toBe('malformed');
    const junk = '{"hello":"world"}';
    expect(webhookError(() => provider.parseWebhook(junk, signed(junk, tSec), now))).toBe(
      'malformed',
    );
  });

  it('finds the header case-insensitively and accepts an array value', () => {
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'payment.succeeded',
      created: 1_700_000_000,
      data: {
        payment: {
          id: 'pay_1',
          status: 'succeeded',
          amount_fen: 100,
          channel: 'balance',
          merchant_order_no: 'BT1',
          pay_url: 'http://pay.sandbox.test/pay/pay_1',
          created_at: '2023-11-14T22:13:20.000Z',
          succeeded_at: '2023-11-14T22:13:20.000Z',
        },
      },
    });
    const header = signed(body, 1_700_000_000)['sandbox-signature']!;
    const now = new Date(1_700_000_000_000);
    expect(
      paymentEvent(provider.parseWebhook(body, { 'Sandbox-Signature': header }, now)).payment.id,
    ).toBe('pay_1');
    expect(provider.parseWebhook(body, { 'sandbox-signature': [header] }, now).created).toEqual(
      now,
    );
  });
});

describe('unavailability', () => {
  async function stubServer(handler: Parameters<typeof createServer>[1]) {
    const server = createServer(handler);
    const url = await listen(server);
    return { url, close: () => closeServer(server) };
  }

  it('a refused connection is ProviderUnavailableError', async () => {
    const stub = await stubServer((_req, res) => res.end());
    await stub.close();
    const p = createSandboxProvider({ baseUrl: stub.url, apiKey: API_KEY, webhookSecret: SECRET });
    expect(await rejection(p.getPayment('pay_1'))).toBeInstanceOf(ProviderUnavailableError);
  });

  it('a timeout is ProviderUnavailableError', async () => {
    const stub = await stubServer(() => undefined); // never answers
    try {
      const p = createSandboxProvider({
        baseUrl: stub.url,
        apiKey: API_KEY,
        webhookSecret: SECRET,
        timeoutMs: 100,
      });
      expect(await rejection(p.getPayment('pay_1'))).toBeInstanceOf(ProviderUnavailableError);
    } finally {
      await stub.close();
    }
  });

  it('a 5xx or an unparseable 2xx is ProviderUnavailableError', async () => {
    let status = 503;
    const stub = await stubServer((_req, res) => res.writeHead(status).end('{"oops":true}'));
    try {
      const p = createSandboxProvider({
        baseUrl: stub.url,
        apiKey: API_KEY,
        webhookSecret: SECRET,
      });
      expect(await rejection(p.voidPayment('pay_1'))).toBeInstanceOf(ProviderUnavailableError);
      status = 200;
      expect(await rejection(p.getPayment('pay_1'))).toBeInstanceOf(ProviderUnavailableError);
    } finally {
      await stub.close();
    }
  });
});
