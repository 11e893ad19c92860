import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  PUBLIC_URL,
  paymentBody,
  startReceiver,
  startSandbox,
  type Receiver,
  type RunningSandbox,
} from './testing.js';

interface PaymentJsonT {
  id: string;
  status: string;
  amount_fen: number;
  channel: string | null;
  merchant_order_no: string;
  pay_url: string;
  created_at: string;
  succeeded_at: string | null;
}

let sandbox: RunningSandbox;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ now: () => new Date('2025-03-01T08:00:00.000Z') });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function create(key: string, overrides: Record<string, unknown> = {}) {
  const res = await sandbox.api('POST', '/v1/payments', paymentBody(receiver.url, overrides), {
    'idempotency-key': key,
  });
  return { res, json: (await res.json()) as PaymentJsonT & { error?: { code: string } } };
}

describe('auth', () => {
  it.each([
    ['POST', '/v1/payments'],
    ['GET', '/v1/payments/pay_x'],
    ['POST', '/v1/payments/pay_x/void'],
    ['GET', '/admin/payments'],
  ])('%s %s without or with a wrong key is 401', async (method, path) => {
    const none = await fetch(`${sandbox.baseUrl}${path}`, { method });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await fetch(`${sandbox.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}x` },
    });
    expect(wrong.status).toBe(401);
  });
});

describe('POST /v1/payments', () => {
  it('creates a pending payment with the documented shape', async () => {
    const { res, json } = await create('key-shape');
    expect(res.status).toBe(201);
    expect(json).toMatchObject({
      status: 'pending',
      amount_fen: 1234,
      channel: null,
      merchant_order_no: 'BT20250101000001',
      created_at: '2025-03-01T08:00:00.000Z',
      succeeded_at: null,
    });
    expect(json.id).toMatch(/^pay_[0-9a-f]{24}$/);
    expect(json.pay_url).toBe(`${PUBLIC_URL}/pay/${json.id}`);
  });

  it('is idempotent: same key and body → same payment, no new one', async () => {
    const first = await create('key-idem');
    const before = (await (await sandbox.api('GET', '/admin/payments')).json()) as {
      data: unknown[];
    };
    const again = await create('key-idem');
    expect(again.res.status).toBe(200);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    const after = (await (await sandbox.api('GET', '/admin/payments')).json()) as {
      data: unknown[];
    };
    expect(after.data.length).toBe(before.data.length);
  });

  it('rejects the same key with a different body (422)', async () => {
    await create('key-reuse');
    const other = await create('key-reuse', { amount_fen: 999 });
    expect(other.res.status).toBe(422);
    expect(other.json.error?.code).toBe('idempotency_key_reused');
  });

  it('requires an Idempotency-Key', async () => {
    const res = await sandbox.api('POST', '/v1/payments', paymentBody(receiver.url));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'idempotency_key_missing',
    );
  });

  it.each([
    { amount_fen: 0 },
    { amount_fen: 1.5 },
    { amount_fen: '100' },
    { currency: 'USD' },
    { merchant_order_no: '' },
    { return_url: 'javascript:alert(1)' },
    { notify_url: 'not a url' },
  ])('rejects an invalid body %o (400)', async (override) => {
    const { res, json } = await create(`key-invalid-${JSON.stringify(override)}`, override);
    expect(res.status).toBe(400);
    expect(json.error?.code).toBe('invalid_request');
  });

  it('answers malformed JSON with a 400 error body', async () => {
    const res = await fetch(`${sandbox.baseUrl}/v1/payments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${API_KEY}`,
        'content-type': 'application/json',
        'idempotency-key': 'key-badjson',
      },
      body: '{"amount_fen":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});

describe('GET /v1/payments/:id', () => {
  it('returns the payment, or 404', async () => {
    const { json } = await create('key-get');
    const got = await sandbox.api('GET', `/v1/payments/${json.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(json);
    const missing = await sandbox.api('GET', '/v1/payments/pay_missing');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'payment_not_found',
    );
  });
});

describe('POST /v1/payments/:id/void', () => {
  it('voids a pending payment, idempotently', async () => {
    const { json } = await create('key-void');
    const first = await sandbox.api('POST', `/v1/payments/${json.id}/void`);
    expect(first.status).toBe(200);
    const voided = (await first.json()) as PaymentJsonT & { voided_at: string };
    expect(voided.status).toBe('voided');
    const again = await sandbox.api('POST', `/v1/payments/${json.id}/void`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(voided);
  });

  it('refuses to void a succeeded payment (409) and 404s an unknown one', async () => {
    const { json } = await create('key-void-paid');
    const paid = await fetch(`${sandbox.baseUrl}/pay/${json.id}/confirm`, {
      method: 'POST',
      body: new URLSearchParams({ channel: 'card' }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const res = await sandbox.api('POST', `/v1/payments/${json.id}/void`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'payment_already_succeeded',
    );
    expect((await sandbox.api('POST', '/v1/payments/pay_nope/void')).status).toBe(404);
  });
});

describe('GET /admin/payments', () => {
  it('lists payments', async () => {
    const { json } = await create('key-admin');
    const res = await sandbox.api('GET', '/admin/payments');
    expect(res.status).toBe(200);
    const list = (await res.json()) as { data: PaymentJsonT[] };
    expect(list.data.map((p) => p.id)).toContain(json.id);
  });
});
