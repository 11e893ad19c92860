import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  adminRefunds,
  getRefund,
  paidPayment,
  paymentBody,
  postRefund,
  refundBody,
  startReceiver,
  startSandbox,
  type Receiver,
  type RunningSandbox,
} from './testing.js';

// Monday 2025-03-03 10:00 Asia/Shanghai.
const NOW = new Date('2025-03-03T02:00:00.000Z');

let sandbox: RunningSandbox;
let receiver: Receiver;
let seq = 0;
const key = () => `refund-${++seq}`;

beforeAll(async () => {
  receiver = await startReceiver();
  // Real-time settlement: nothing settles by itself during these tests; settleDue({ all: true }) does.
  sandbox = await startSandbox({ now: () => NOW, settlementScale: 1 });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const pay = (channel = 'card', amountFen = 10_000) =>
  paidPayment(sandbox, receiver.url, { channel, amountFen });

describe('auth', () => {
  it.each([
    ['POST', '/v1/refunds'],
    ['GET', '/v1/refunds/re_x'],
    ['GET', '/v1/refunds'],
    ['GET', '/admin/refunds'],
    ['GET', '/admin/ledger'],
    ['GET', '/admin/faults'],
    ['POST', '/admin/faults'],
  ])('%s %s without or with a wrong key is 401', async (method, path) => {
    expect((await fetch(`${sandbox.baseUrl}${path}`, { method })).status).toBe(401);
    const wrong = await fetch(`${sandbox.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}x` },
    });
    expect(wrong.status).toBe(401);
  });
});

describe('POST /v1/refunds', () => {
  it('accepts a card refund as processing with the documented shape', async () => {
    const paymentId = await pay('card');
    const { status, json } = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, { amount_fen: 2500, reason: '商品缺货' }),
    );
    expect(status).toBe(201);
    expect(json).toEqual({
      id: expect.stringMatching(/^re_[0-9a-f]{24}$/) as string,
      payment_id: paymentId,
      amount_fen: 2500,
      currency: 'CNY',
      reason: '商品缺货',
      status: 'processing',
      failure_reason: null,
      channel: 'card',
      destination: { type: 'original' },
      created_at: NOW.toISOString(),
      settled_at: null,
      failed_at: null,
      // Card: the next business day (Tuesday), same time of day.
      expected_settle_at: '2025-03-04T02:00:00.000Z',
    });
    expect(await getRefund(sandbox, json.id)).toEqual(json);
  });

  it('settles a balance refund at once, in the create response', async () => {
    const paymentId = await pay('balance');
    const { status, json } = await postRefund(sandbox, key(), refundBody(paymentId, receiver.url));
    expect(status).toBe(201);
    expect(json).toMatchObject({
      status: 'succeeded',
      channel: 'balance',
      settled_at: NOW.toISOString(),
      expected_settle_at: NOW.toISOString(),
    });
  });

  it('routes by destination: balance is instant, a bank account moves on card and is masked', async () => {
    const paymentId = await pay('alipay');
    const toBalance = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, {
        destination: { type: 'balance', account_ref: 'wallet-42' },
      }),
    );
    expect(toBalance.json).toMatchObject({
      status: 'succeeded',
      channel: 'balance',
      destination: { type: 'balance', account_ref: 'wallet-42' },
    });
    const toBank = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, {
        destination: { type: 'bank_account', bank: '招商银行', account_no: '6225 8801 2345 6789' },
      }),
    );
    expect(toBank.status).toBe(201);
    expect(toBank.json).toMatchObject({
      status: 'processing',
      channel: 'card',
      destination: { type: 'bank_account', bank: '招商银行', account_no: '************6789' },
    });
    expect(JSON.stringify(await adminRefunds(sandbox))).not.toContain('6225880123456789');
  });

  it('is idempotent: same key and body → the same refund and one money movement', async () => {
    const paymentId = await pay();
    const k = key();
    const body = refundBody(paymentId, receiver.url, { amount_fen: 700 });
    const first = await postRefund(sandbox, k, body);
    const again = await postRefund(sandbox, k, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.res.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.id).toBe(first.json.id);
    const mine = (await adminRefunds(sandbox)).filter((r) => r.payment_id === paymentId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ movements: 1, reversals: 0 });
  });

  it('a replay answers the refund as it is now', async () => {
    const paymentId = await pay('wechat');
    const k = key();
    const body = refundBody(paymentId, receiver.url);
    const first = await postRefund(sandbox, k, body);
    expect(first.json.status).toBe('processing');
    await sandbox.app.sandbox.settleDue({ all: true });
    const again = await postRefund(sandbox, k, body);
    expect(again.json).toMatchObject({ id: first.json.id, status: 'succeeded' });
  });

  it.each([
    { amount_fen: 701 },
    { reason: 'other' },
    { notify_url: 'http://shop.test/other' },
    { destination: { type: 'balance', account_ref: 'x' } },
  ])('rejects the same key with a different body %o (422)', async (override) => {
    const paymentId = await pay();
    const k = key();
    await postRefund(sandbox, k, refundBody(paymentId, receiver.url, { amount_fen: 700 }));
    const other = await postRefund(
      sandbox,
      k,
      refundBody(paymentId, receiver.url, { amount_fen: 700, ...override }),
    );
    expect(other.status).toBe(422);
    expect(other.json.error?.code).toBe('idempotency_key_reused');
    const mine = (await adminRefunds(sandbox)).filter((r) => r.payment_id === paymentId);
    expect(mine).toHaveLength(1);
  });

  it('treats an omitted destination and { type: original } as the same request', async () => {
    const paymentId = await pay();
    const k = key();
    const a = await postRefund(sandbox, k, refundBody(paymentId, receiver.url));
    const b = await postRefund(
      sandbox,
      k,
      refundBody(paymentId, receiver.url, { destination: { type: 'original' } }),
    );
    expect(b.status).toBe(200);
    expect(b.json.id).toBe(a.json.id);
  });

  it('concurrent creates with one key make one refund', async () => {
    const paymentId = await pay();
    const k = key();
    const body = refundBody(paymentId, receiver.url, { amount_fen: 900 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => postRefund(sandbox, k, body)),
    );
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(11);
    const mine = (await adminRefunds(sandbox)).filter((r) => r.payment_id === paymentId);
    expect(mine.map((r) => r.movements)).toEqual([1]);
  });

  it('refuses to refund more than the payment minus the refunds accepted', async () => {
    const paymentId = await pay('card', 1234);
    expect((await postRefund(sandbox, key(), refundBody(paymentId, receiver.url))).status).toBe(
      201,
    );
    const over = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, { amount_fen: 235 }),
    );
    expect(over.status).toBe(422);
    expect(over.json.error?.code).toBe('amount_exceeds_refundable');
    const rest = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, { amount_fen: 234 }),
    );
    expect(rest.status).toBe(201);
    const more = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, { amount_fen: 1 }),
    );
    expect(more.json.error?.code).toBe('amount_exceeds_refundable');
    // Concurrent over-refunds: exactly one of two 600-fen refunds on 1000 fen gets through.
    const other = await pay('card', 1000);
    const both = await Promise.all([
      postRefund(sandbox, key(), refundBody(other, receiver.url, { amount_fen: 600 })),
      postRefund(sandbox, key(), refundBody(other, receiver.url, { amount_fen: 600 })),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
  });

  it('a failed refund gives its amount back to the refundable amount', async () => {
    const paymentId = await pay('card', 5000);
    // …901 fen: accepted, then fails with account_closed.
    const failing = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, { amount_fen: 4901 }),
    );
    expect(failing.status).toBe(201);
    expect(
      (await postRefund(sandbox, key(), refundBody(paymentId, receiver.url, { amount_fen: 200 })))
        .json.error?.code,
    ).toBe('amount_exceeds_refundable');
    await sandbox.app.sandbox.settleDue({ all: true });
    expect(await getRefund(sandbox, failing.json.id)).toMatchObject({
      status: 'failed',
      failure_reason: 'account_closed',
    });
    const retry = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, { amount_fen: 5000 }),
    );
    expect(retry.status).toBe(201);
  });

  it('404s an unknown payment and 409s an unpaid or voided one', async () => {
    const unknown = await postRefund(sandbox, key(), refundBody('pay_nope', receiver.url));
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.code).toBe('payment_not_found');

    const created = await sandbox.api('POST', '/v1/payments', paymentBody(receiver.url), {
      'idempotency-key': key(),
    });
    const { id } = (await created.json()) as { id: string };
    const pending = await postRefund(sandbox, key(), refundBody(id, receiver.url));
    expect(pending.status).toBe(409);
    expect(pending.json.error?.code).toBe('payment_not_paid');
    await sandbox.api('POST', `/v1/payments/${id}/void`);
    const voided = await postRefund(sandbox, key(), refundBody(id, receiver.url));
    expect(voided.status).toBe(409);
  });

  it.each([
    { amount_fen: 0 },
    { amount_fen: -5 },
    { amount_fen: 1.5 },
    { amount_fen: '100' },
    { payment_id: '' },
    { notify_url: 'ftp://x' },
    { reason: 'x'.repeat(257) },
    { destination: { type: 'wallet' } },
    { destination: { type: 'balance' } },
    { destination: { type: 'bank_account', bank: '招商银行', account_no: '12ab' } },
  ])('rejects an invalid body %o (400)', async (override) => {
    const paymentId = await pay();
    const { status, json } = await postRefund(
      sandbox,
      key(),
      refundBody(paymentId, receiver.url, override),
    );
    expect(status).toBe(400);
    expect(json.error?.code).toBe('invalid_request');
  });

  it('requires an Idempotency-Key', async () => {
    const paymentId = await pay();
    const res = await sandbox.api('POST', '/v1/refunds', refundBody(paymentId, receiver.url));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'idempotency_key_missing',
    );
  });
});

describe('GET /v1/refunds', () => {
  it('404s an unknown refund', async () => {
    const res = await sandbox.api('GET', '/v1/refunds/re_missing');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('refund_not_found');
  });

  it('lists the refunds of a payment', async () => {
    const paymentId = await pay();
    const a = await postRefund(sandbox, key(), refundBody(paymentId, receiver.url));
    const b = await postRefund(sandbox, key(), refundBody(paymentId, receiver.url));
    const res = await sandbox.api('GET', `/v1/refunds?payment_id=${paymentId}`);
    const list = (await res.json()) as { data: { id: string }[] };
    expect(list.data.map((r) => r.id)).toEqual([a.json.id, b.json.id]);
  });
});

describe('GET /admin/refunds and /admin/ledger', () => {
  it('count one debit per refund and one reversal per failed refund', async () => {
    await sandbox.app.sandbox.settleDue({ all: true });
    const refunds = await adminRefunds(sandbox);
    expect(refunds.length).toBeGreaterThan(10);
    for (const r of refunds) {
      expect(r.movements).toBe(1);
      expect(r.reversals).toBe(r.status === 'failed' ? 1 : 0);
    }
    const ledger = (await (await sandbox.api('GET', '/admin/ledger')).json()) as {
      data: { kind: string; refund_id: string; amount_fen: number }[];
    };
    expect(ledger.data.filter((e) => e.kind === 'refund_debit')).toHaveLength(refunds.length);
  });
});
