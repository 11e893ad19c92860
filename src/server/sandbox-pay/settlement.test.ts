import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedSettlement, nextBusinessDaySameTime } from './settlement-times.js';
import {
  WEBHOOK_SECRET,
  adminRefunds,
  getRefund,
  paidPayment,
  postRefund,
  receivedEvents,
  refundBody,
  sleep,
  startReceiver,
  startSandbox,
  waitFor,
  type Receiver,
  type RunningSandbox,
} from './testing.js';

// Monday 2025-03-03 10:00 Asia/Shanghai.
const NOW = new Date('2025-03-03T02:00:00.000Z');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiverWith(respond: (n: number) => number = () => 200): Promise<Receiver> {
  const r = await startReceiver(respond);
  cleanups.push(() => r.close());
  return r;
}

async function sandboxWith(opts: Parameters<typeof startSandbox>[0]): Promise<RunningSandbox> {
  const s = await startSandbox(opts);
  cleanups.push(() => s.close());
  return s;
}

function tempDataFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-pay-refunds-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'sandbox-pay.json');
}

async function refundOn(s: RunningSandbox, r: Receiver, channel: string, key = channel) {
  const paymentId = await paidPayment(s, r.url, { channel, key: `pay-${key}` });
  const { status, json } = await postRefund(s, `re-${key}`, refundBody(paymentId, r.url));
  expect(status).toBe(201);
  return json;
}

/** Polls GET /v1/refunds/:id until it has `status`; false after `timeoutMs`. */
async function statusEventually(
  s: RunningSandbox,
  id: string,
  status: string,
  timeoutMs = 3000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await getRefund(s, id)).status === status) return true;
    await sleep(10);
  }
  return false;
}

describe('settlement times (unscaled)', () => {
  it('balance at once, Alipay in 1 min, WeChat Pay in 3 min, card the next business day', () => {
    expect(expectedSettlement('balance', NOW)).toEqual(NOW);
    expect(expectedSettlement('alipay', NOW)).toEqual(new Date('2025-03-03T02:01:00.000Z'));
    expect(expectedSettlement('wechat', NOW)).toEqual(new Date('2025-03-03T02:03:00.000Z'));
    expect(expectedSettlement('card', NOW)).toEqual(new Date('2025-03-04T02:00:00.000Z'));
  });

  it('follows the Chinese calendar in Asia/Shanghai: weekends, holidays, make-up workdays', () => {
    // Friday 2025-03-07 18:00 Shanghai → Monday.
    expect(nextBusinessDaySameTime(new Date('2025-03-07T10:00:00Z'))).toEqual(
      new Date('2025-03-10T10:00:00Z'),
    );
    // Friday 23:30 Shanghai is still Friday there (Saturday would be wrong on a UTC date).
    expect(nextBusinessDaySameTime(new Date('2025-03-07T15:30:00Z'))).toEqual(
      new Date('2025-03-10T15:30:00Z'),
    );
    // Tuesday 2025-09-30 → National Day and Mid-Autumn holidays (Oct 1-8) → Thursday Oct 9.
    expect(nextBusinessDaySameTime(new Date('2025-09-30T02:00:00Z'))).toEqual(
      new Date('2025-10-09T02:00:00Z'),
    );
    // Saturday 2025-09-27 → Sunday 2025-09-28 is a make-up working day (调休).
    expect(nextBusinessDaySameTime(new Date('2025-09-27T02:00:00Z'))).toEqual(
      new Date('2025-09-28T02:00:00Z'),
    );
  });
});

describe('settlement scheduling', () => {
  it('settlementScale 0: every channel settles at once by itself, times on the injected clock', async () => {
    const r = await receiverWith();
    const s = await sandboxWith({ now: () => NOW, settlementScale: 0 });
    const refunds = [
      await refundOn(s, r, 'alipay'),
      await refundOn(s, r, 'wechat'),
      await refundOn(s, r, 'card'),
    ];
    expect(refunds.map((x) => x.status)).toEqual(['processing', 'processing', 'processing']);
    for (const x of refunds) expect(await statusEventually(s, x.id, 'succeeded')).toBe(true);
    expect(await getRefund(s, refunds[2]!.id)).toMatchObject({
      settled_at: NOW.toISOString(),
      // Still the real-world promise, not the scaled one.
      expected_settle_at: '2025-03-04T02:00:00.000Z',
    });
    expect(await s.app.sandbox.settleDue()).toBe(0);
  });

  it('a small scale settles the wallets within milliseconds and the card later', async () => {
    const r = await receiverWith();
    // Alipay 60 s → 6 ms, WeChat 180 s → 18 ms, card 24 h → 8.6 s.
    const s = await sandboxWith({ now: () => NOW, settlementScale: 0.0001 });
    const alipay = await refundOn(s, r, 'alipay');
    const wechat = await refundOn(s, r, 'wechat');
    const card = await refundOn(s, r, 'card');
    expect(await statusEventually(s, alipay.id, 'succeeded')).toBe(true);
    expect(await statusEventually(s, wechat.id, 'succeeded')).toBe(true);
    expect((await getRefund(s, card.id)).status).toBe('processing');
    expect(await s.app.sandbox.settleDue()).toBe(0);
    expect(await s.app.sandbox.settleDue({ all: true })).toBe(1);
    expect((await getRefund(s, card.id)).status).toBe('succeeded');
  });

  it('the default scale (1) keeps real time: nothing settles by itself', async () => {
    const r = await receiverWith();
    const s = await sandboxWith({ now: () => NOW });
    const alipay = await refundOn(s, r, 'alipay');
    await sleep(50);
    expect((await getRefund(s, alipay.id)).status).toBe('processing');
    expect(await s.app.sandbox.settleDue()).toBe(0);
  });

  it('rejects a negative or non-finite scale', async () => {
    await expect(startSandbox({ settlementScale: -1 })).rejects.toThrow(RangeError);
    await expect(startSandbox({ settlementScale: Number.NaN })).rejects.toThrow(RangeError);
  });
});

describe('refund webhooks', () => {
  it('refund.processing then refund.succeeded, signed, each with its own id and time', async () => {
    const r = await receiverWith();
    let clock = NOW;
    const s = await sandboxWith({ now: () => clock, settlementScale: 1 });
    const refund = await refundOn(s, r, 'card');
    await s.app.sandbox.flushWebhooks();
    clock = new Date('2025-03-04T02:00:00.000Z');
    await s.app.sandbox.settleDue({ all: true });
    await s.app.sandbox.flushWebhooks();

    const events = receivedEvents(r).filter((e) => e.type.startsWith('refund.'));
    expect(events.map((e) => e.type)).toEqual(['refund.processing', 'refund.succeeded']);
    expect(events[0]!.id).not.toBe(events[1]!.id);
    expect(events.map((e) => e.created)).toEqual([NOW.getTime() / 1000, clock.getTime() / 1000]);
    expect(events[0]!.data.refund).toMatchObject({ id: refund.id, status: 'processing' });
    expect(events[1]!.data.refund).toMatchObject({
      id: refund.id,
      status: 'succeeded',
      settled_at: clock.toISOString(),
    });
    for (const hook of r.received.filter((h) => h.body.includes(refund.id))) {
      const header = hook.headers['sandbox-signature'] as string;
      const t = /t=(\d+)/.exec(header)![1]!;
      const mac = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${hook.body}`).digest('hex');
      expect(header).toBe(`t=${t},v1=${mac}`);
    }
  });

  it('a failed refund sends refund.failed with the reason', async () => {
    const r = await receiverWith();
    const s = await sandboxWith({ now: () => NOW, settlementScale: 1 });
    const paymentId = await paidPayment(s, r.url, { channel: 'wechat' });
    const { json } = await postRefund(
      s,
      'fail-1',
      refundBody(paymentId, r.url, { amount_fen: 1902 }),
    );
    await s.app.sandbox.settleDue({ all: true });
    await s.app.sandbox.flushWebhooks();
    const last = receivedEvents(r).at(-1)!;
    expect(last.type).toBe('refund.failed');
    expect(last.data.refund).toMatchObject({
      id: json.id,
      status: 'failed',
      failure_reason: 'card_changed',
      failed_at: NOW.toISOString(),
      settled_at: null,
    });
    const [admin] = await adminRefunds(s);
    expect(admin).toMatchObject({ movements: 1, reversals: 1 });
  });
});

describe('persistence', () => {
  it('a restart keeps refunds, keys and the ledger, and resumes a pending settlement by itself', async () => {
    const dataFile = tempDataFile();
    const r = await receiverWith();
    // Card: 24 h × 0.00002 ≈ 1.7 s, longer than the first sandbox lives.
    const first = await startSandbox({ dataFile, now: () => NOW, settlementScale: 0.00002 });
    const paymentId = await paidPayment(first, r.url, { channel: 'card', key: 'p-persist' });
    const body = refundBody(paymentId, r.url);
    const created = await postRefund(first, 're-persist', body);
    expect(created.json.status).toBe('processing');
    await first.close();

    const second = await sandboxWith({ dataFile, now: () => NOW, settlementScale: 0.00002 });
    expect((await getRefund(second, created.json.id)).status).toBe('processing');
    const replay = await postRefund(second, 're-persist', body);
    expect(replay.status).toBe(200);
    expect(replay.json.id).toBe(created.json.id);

    expect(await statusEventually(second, created.json.id, 'succeeded', 5000)).toBe(true);
    expect(await adminRefunds(second)).toEqual([
      expect.objectContaining({ id: created.json.id, movements: 1, reversals: 0 }),
    ]);
    await second.app.sandbox.flushWebhooks();
    expect(
      receivedEvents(r)
        .filter((e) => e.data.refund?.id === created.json.id)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['refund.processing', 'refund.succeeded']);
  });

  it('settles at startup what fell due while the sandbox was down', async () => {
    const dataFile = tempDataFile();
    const r = await receiverWith();
    // Alipay: 60 s × 0.002 = 120 ms.
    const first = await startSandbox({ dataFile, now: () => NOW, settlementScale: 0.002 });
    const paymentId = await paidPayment(first, r.url, { channel: 'alipay' });
    const { json } = await postRefund(first, 're-down', refundBody(paymentId, r.url));
    await first.close();
    await sleep(200);
    const second = await sandboxWith({ dataFile, now: () => NOW, settlementScale: 0.002 });
    await waitFor(() => r.received.some((h) => h.body.includes('refund.succeeded')), 3000);
    expect((await getRefund(second, json.id)).status).toBe('succeeded');
  });

  it('loads a snapshot written before refunds existed', async () => {
    const dataFile = tempDataFile();
    writeFileSync(
      dataFile,
      JSON.stringify({ version: 1, payments: [], idempotency: [], deliveries: [] }),
    );
    const r = await receiverWith();
    const s = await sandboxWith({ dataFile, now: () => NOW, settlementScale: 0 });
    expect(await adminRefunds(s)).toEqual([]);
    const refund = await refundOn(s, r, 'balance');
    expect(refund.status).toBe('succeeded');
  });
});
