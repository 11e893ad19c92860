import { afterEach, describe, expect, it } from 'vitest';
import {
  adminRefunds,
  getRefund,
  paidPayment,
  postRefund,
  receivedEvents,
  refundBody,
  setFaults,
  sleep,
  startReceiver,
  startSandbox,
  type Receiver,
  type RunningSandbox,
} from './testing.js';

const NOW = new Date('2025-03-03T02:00:00.000Z');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  opts: Parameters<typeof startSandbox>[0] = {},
): Promise<{ s: RunningSandbox; r: Receiver }> {
  const r = await startReceiver();
  cleanups.push(() => r.close());
  const s = await startSandbox({ now: () => NOW, settlementScale: 1, ...opts });
  cleanups.push(() => s.close());
  return { s, r };
}

async function faults(s: RunningSandbox): Promise<unknown> {
  return (await s.api('GET', '/admin/faults')).json();
}

/** Deliveries of one refund as the admin API lists them. */
async function deliveriesOf(s: RunningSandbox, refundId: string) {
  const res = await s.api('GET', '/admin/webhook-deliveries');
  const { data } = (await res.json()) as {
    data: { event_id: string; event_type: string; resource_id: string; status: string }[];
  };
  return data.filter((d) => d.resource_id === refundId);
}

function refundEventsOf(r: Receiver, refundId: string) {
  return receivedEvents(r).filter((e) => e.data.refund?.id === refundId);
}

describe('/admin/faults', () => {
  it('starts with no faults, merges partial updates, resets on DELETE', async () => {
    const { s } = await setup();
    const none = {
      refund_create: null,
      refund_outcome: null,
      webhooks: { duplicate: 1, drop: false, shuffle: false, delay_ms: 0 },
    };
    expect(await faults(s)).toEqual(none);
    await setFaults(s, { refund_create: 'error_500', webhooks: { duplicate: 3 } });
    await setFaults(s, { refund_outcome: 'account_closed', webhooks: { shuffle: true } });
    expect(await faults(s)).toEqual({
      refund_create: 'error_500',
      refund_outcome: 'account_closed',
      webhooks: { duplicate: 3, drop: false, shuffle: true, delay_ms: 0 },
    });
    await setFaults(s, { refund_create: null });
    expect(await faults(s)).toMatchObject({ refund_create: null });
    expect((await s.api('DELETE', '/admin/faults')).status).toBe(200);
    expect(await faults(s)).toEqual(none);
  });

  it.each([
    { refund_create: 'explode' },
    { refund_outcome: 'insufficient_funds' },
    { webhooks: { duplicate: 0 } },
    { webhooks: { delay_ms: -1 } },
    { webhooks: { shuffel: true } },
    { typo: 1 },
  ])('rejects %o (400)', async (body) => {
    const { s } = await setup();
    const res = await s.api('POST', '/admin/faults', body);
    expect(res.status).toBe(400);
  });
});

describe('refund_create faults', () => {
  it('error_500 answers 500 and records nothing; the retry with the same key creates it once', async () => {
    const { s, r } = await setup();
    const paymentId = await paidPayment(s, r.url);
    await setFaults(s, { refund_create: 'error_500' });
    const body = refundBody(paymentId, r.url);
    const failed = await postRefund(s, 'k-500', body);
    expect(failed.status).toBe(500);
    expect(failed.json.error?.code).toBe('internal_error');
    expect(await adminRefunds(s)).toEqual([]);
    await setFaults(s, { refund_create: null });
    const ok = await postRefund(s, 'k-500', body);
    expect(ok.status).toBe(201);
    expect((await adminRefunds(s)).map((x) => x.movements)).toEqual([1]);
  });

  it('amount …903: the first create answers 500, the retry with the same key succeeds', async () => {
    const { s, r } = await setup();
    const paymentId = await paidPayment(s, r.url);
    const body = refundBody(paymentId, r.url, { amount_fen: 903 });
    expect((await postRefund(s, 'k-903', body)).status).toBe(500);
    expect(await adminRefunds(s)).toEqual([]);
    const ok = await postRefund(s, 'k-903', body);
    expect(ok.status).toBe(201);
    expect((await postRefund(s, 'k-903', body)).status).toBe(200);
    // Another key with the same amount gets its own one-off 500.
    expect((await postRefund(s, 'k-903b', body)).status).toBe(500);
    expect((await adminRefunds(s)).map((x) => x.movements)).toEqual([1]);
  });

  it('timeout_after_accept records the refund but never answers; the retry gets the same refund', async () => {
    const { s, r } = await setup();
    const paymentId = await paidPayment(s, r.url);
    await setFaults(s, { refund_create: 'timeout_after_accept' });
    const body = refundBody(paymentId, r.url, { amount_fen: 2000 });
    await expect(
      postRefund(s, 'k-timeout', body, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    const [accepted] = await adminRefunds(s);
    expect(accepted).toMatchObject({ amount_fen: 2000, movements: 1 });
    // The fault is sticky for new refunds, but a replay answers.
    const retry = await postRefund(s, 'k-timeout', body, { signal: AbortSignal.timeout(2000) });
    expect(retry.status).toBe(200);
    expect(retry.json.id).toBe(accepted!.id);
    expect((await adminRefunds(s)).map((x) => x.movements)).toEqual([1]);
  });

  it('amount …904: accepted, the connection is destroyed after faultHoldMs, the retry answers', async () => {
    const { s, r } = await setup({ faultHoldMs: 100 });
    const paymentId = await paidPayment(s, r.url);
    const body = refundBody(paymentId, r.url, { amount_fen: 1904 });
    const started = Date.now();
    await expect(postRefund(s, 'k-904', body)).rejects.toThrow(/fetch failed/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const retry = await postRefund(s, 'k-904', body);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ amount_fen: 1904, status: 'processing' });
    expect((await adminRefunds(s)).map((x) => [x.id, x.movements])).toEqual([[retry.json.id, 1]]);
  });

  it('closing the app does not wait for a held request', async () => {
    const r = await startReceiver();
    cleanups.push(() => r.close());
    const s = await startSandbox({ now: () => NOW });
    const paymentId = await paidPayment(s, r.url);
    const pending = postRefund(s, 'k-close', refundBody(paymentId, r.url, { amount_fen: 904 }));
    await sleep(100);
    const started = Date.now();
    await s.close();
    // The held request would keep the connection for 30 s; closing ends it well before that.
    expect(Date.now() - started).toBeLessThan(20_000);
    await expect(pending).rejects.toThrow();
  });
});

describe('refund outcomes', () => {
  it.each([
    ['account_closed', 901],
    ['card_changed', 2902],
  ])('amount ending in …%s fails at settlement', async (reason, amount) => {
    const { s, r } = await setup();
    const paymentId = await paidPayment(s, r.url, { amountFen: 5000 });
    const { json } = await postRefund(
      s,
      'k-out',
      refundBody(paymentId, r.url, { amount_fen: amount }),
    );
    expect(json.status).toBe('processing');
    await s.app.sandbox.settleDue({ all: true });
    expect(await getRefund(s, json.id)).toMatchObject({ status: 'failed', failure_reason: reason });
  });

  it('refund_outcome fails every refund accepted while it is set, balance ones at once', async () => {
    const { s, r } = await setup();
    const paymentId = await paidPayment(s, r.url, { channel: 'balance' });
    await setFaults(s, { refund_outcome: 'account_closed' });
    const { json } = await postRefund(s, 'k-closed', refundBody(paymentId, r.url));
    expect(json).toMatchObject({ status: 'failed', failure_reason: 'account_closed' });
    await setFaults(s, { refund_outcome: null });
    const ok = await postRefund(s, 'k-fine', refundBody(paymentId, r.url));
    expect(ok.json.status).toBe('succeeded');
    expect((await adminRefunds(s)).map((x) => [x.movements, x.reversals])).toEqual([
      [1, 1],
      [1, 0],
    ]);
  });
});

describe('webhook faults', () => {
  it('duplicate: 3 sends every webhook three times with the same event id and body', async () => {
    const { s, r } = await setup();
    await setFaults(s, { webhooks: { duplicate: 3 } });
    const paymentId = await paidPayment(s, r.url, { channel: 'alipay' });
    const { json } = await postRefund(s, 'k-dup', refundBody(paymentId, r.url));
    await s.app.sandbox.settleDue({ all: true });
    await s.app.sandbox.flushWebhooks();
    const events = refundEventsOf(r, json.id);
    expect(events).toHaveLength(6);
    const byId = new Map<string, number>();
    for (const e of events) byId.set(e.id, (byId.get(e.id) ?? 0) + 1);
    expect([...byId.values()]).toEqual([3, 3]);
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['refund.processing', 'refund.succeeded']),
    );
    // Payment webhooks are duplicated too.
    expect(receivedEvents(r).filter((e) => e.type === 'payment.succeeded')).toHaveLength(3);
    expect((await adminRefunds(s)).map((x) => x.movements)).toEqual([1]);
  });

  it('shuffle holds a refund’s events until it settles, then releases them in random order', async () => {
    // random() = 0 makes Fisher-Yates reverse two events: succeeded arrives before processing.
    const { s, r } = await setup({ random: () => 0 });
    await setFaults(s, { webhooks: { shuffle: true } });
    const paymentId = await paidPayment(s, r.url, { channel: 'card' });
    const { json } = await postRefund(s, 'k-shuffle', refundBody(paymentId, r.url));
    await s.app.sandbox.flushWebhooks();
    expect(refundEventsOf(r, json.id)).toEqual([]);
    expect((await deliveriesOf(s, json.id)).map((d) => d.status)).toEqual(['held']);
    await s.app.sandbox.settleDue({ all: true });
    await s.app.sandbox.flushWebhooks();
    expect(refundEventsOf(r, json.id).map((e) => e.type)).toEqual([
      'refund.succeeded',
      'refund.processing',
    ]);
  });

  it('shuffle with a real random source still delivers every event exactly once (x duplicate)', async () => {
    const { s, r } = await setup({ settlementScale: 0 });
    await setFaults(s, { webhooks: { shuffle: true, duplicate: 2 } });
    const paymentId = await paidPayment(s, r.url, { channel: 'wechat' });
    const { json } = await postRefund(s, 'k-shuffle2', refundBody(paymentId, r.url));
    const deadline = Date.now() + 3000;
    while (refundEventsOf(r, json.id).length < 4 && Date.now() < deadline) await sleep(10);
    expect(
      refundEventsOf(r, json.id)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['refund.processing', 'refund.processing', 'refund.succeeded', 'refund.succeeded']);
  });

  it('drop never delivers; GET still tells the final state', async () => {
    const { s, r } = await setup();
    const paymentId = await paidPayment(s, r.url, { channel: 'alipay' });
    await setFaults(s, { webhooks: { drop: true } });
    const { json } = await postRefund(
      s,
      'k-drop',
      refundBody(paymentId, r.url, { amount_fen: 901 }),
    );
    await s.app.sandbox.settleDue({ all: true });
    await s.app.sandbox.flushWebhooks();
    await sleep(50);
    expect(refundEventsOf(r, json.id)).toEqual([]);
    expect((await deliveriesOf(s, json.id)).map((d) => [d.event_type, d.status])).toEqual([
      ['refund.processing', 'dropped'],
      ['refund.failed', 'dropped'],
    ]);
    expect(await getRefund(s, json.id)).toMatchObject({
      status: 'failed',
      failure_reason: 'account_closed',
    });
  });

  it('delay_ms postpones the first attempt (flushWebhooks still sends at once)', async () => {
    const { s, r } = await setup({ settlementScale: 0 });
    await setFaults(s, { webhooks: { delay_ms: 60_000 } });
    const paymentId = await paidPayment(s, r.url, { channel: 'balance' });
    const { json } = await postRefund(s, 'k-delay', refundBody(paymentId, r.url));
    await sleep(100);
    expect(r.received).toEqual([]);
    await s.app.sandbox.flushWebhooks();
    expect(refundEventsOf(r, json.id).map((e) => e.type)).toEqual([
      'refund.processing',
      'refund.succeeded',
    ]);
  });
});
