import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  paymentBody,
  sleep,
  startReceiver,
  startSandbox,
  waitFor,
  type Receiver,
  type RunningSandbox,
} from './testing.js';

interface Delivery {
  event_id: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiverWith(respond: (n: number) => number): Promise<Receiver> {
  const r = await startReceiver(respond);
  cleanups.push(() => r.close());
  return r;
}

async function sandboxWith(opts: Parameters<typeof startSandbox>[0]): Promise<RunningSandbox> {
  const s = await startSandbox(opts);
  cleanups.push(() => s.close());
  return s;
}

async function createAndPay(s: RunningSandbox, notifyUrl: string, key = 'k1'): Promise<string> {
  const res = await s.api('POST', '/v1/payments', paymentBody(notifyUrl), {
    'idempotency-key': key,
  });
  const { id } = (await res.json()) as { id: string };
  const paid = await fetch(`${s.baseUrl}/pay/${id}/confirm`, {
    method: 'POST',
    body: new URLSearchParams({ channel: 'balance' }),
    redirect: 'manual',
  });
  expect(paid.status).toBe(303);
  return id;
}

async function deliveries(s: RunningSandbox): Promise<Delivery[]> {
  return ((await (await s.api('GET', '/admin/webhook-deliveries')).json()) as { data: Delivery[] })
    .data;
}

describe('webhook delivery', () => {
  it('retries after 500, 500 and stops after the first 2xx', async () => {
    const receiver = await receiverWith((n) => (n < 2 ? 500 : 200));
    const s = await sandboxWith({ webhookRetryBaseMs: 20 });
    await createAndPay(s, receiver.url);

    await waitFor(() => receiver.received.length >= 3);
    await sleep(300); // longer than any further backoff would be
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const eventIds = new Set(
      receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id),
    );
    expect(eventIds.size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const [d] = await deliveries(s);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 200 });
  });

  it('retries network errors and marks the delivery failed after webhookMaxAttempts', async () => {
    const receiver = await receiverWith(() => 200);
    const deadUrl = receiver.url;
    await receiver.close();
    cleanups.pop();
    const s = await sandboxWith({ webhookRetryBaseMs: 10, webhookMaxAttempts: 3 });
    await createAndPay(s, deadUrl);
    let lastStatus = '';
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const [d] = await deliveries(s);
      lastStatus = d?.status ?? '';
      if (lastStatus === 'failed') break;
      await sleep(20);
    }
    const [d] = await deliveries(s);
    expect(d).toMatchObject({ status: 'failed', attempts: 3, last_status_code: null });
    expect(d?.last_error).toBeTruthy();
  });

  it('flushWebhooks attempts a delivery now even when its retry is far away', async () => {
    const receiver = await receiverWith((n) => (n === 0 ? 503 : 200));
    const s = await sandboxWith({ webhookRetryBaseMs: 60_000 });
    await createAndPay(s, receiver.url);
    await s.app.sandbox.flushWebhooks();
    expect(receiver.received.map((r) => r.status)).toEqual([503]);
    await s.app.sandbox.flushWebhooks();
    expect(receiver.received.map((r) => r.status)).toEqual([503, 200]);
    await s.app.sandbox.flushWebhooks();
    expect(receiver.received).toHaveLength(2);
  });

  it('stops retrying on close', async () => {
    const receiver = await receiverWith(() => 500);
    const s = await startSandbox({ webhookRetryBaseMs: 20 });
    await createAndPay(s, receiver.url);
    await waitFor(() => receiver.received.length >= 1);
    await s.close();
    const count = receiver.received.length;
    await sleep(200);
    expect(receiver.received.length).toBe(count);
  });
});

describe('persistence', () => {
  it('a restart from the JSON snapshot keeps payments, idempotency keys and pending deliveries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-pay-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataFile = join(dir, 'nested', 'sandbox-pay.json');
    let up = false;
    const receiver = await receiverWith(() => (up ? 200 : 500));

    const first = await startSandbox({ dataFile, webhookRetryBaseMs: 60_000 });
    const id = await createAndPay(first, receiver.url, 'persist-key');
    await first.app.sandbox.flushWebhooks();
    expect(receiver.received.map((r) => r.status)).toEqual([500]);
    const before = (await (await first.api('GET', `/v1/payments/${id}`)).json()) as unknown;
    await first.close();
    expect(readdirSync(join(dir, 'nested'))).toEqual(['sandbox-pay.json']);

    up = true;
    const second = await sandboxWith({ dataFile, webhookRetryBaseMs: 60_000 });
    expect(await (await second.api('GET', `/v1/payments/${id}`)).json()).toEqual(before);
    const [pending] = await deliveries(second);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });

    const replay = await second.api('POST', '/v1/payments', paymentBody(receiver.url), {
      'idempotency-key': 'persist-key',
    });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { id: string }).id).toBe(id);

    await second.app.sandbox.flushWebhooks();
    expect(receiver.received.map((r) => r.status)).toEqual([500, 200]);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    const [done] = await deliveries(second);
    expect(done).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('resumes due deliveries by itself after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-pay-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataFile = join(dir, 'sandbox-pay.json');
    let up = false;
    const receiver = await receiverWith(() => (up ? 200 : 500));

    const first = await startSandbox({ dataFile, webhookRetryBaseMs: 50 });
    await createAndPay(first, receiver.url);
    await waitFor(() => receiver.received.length >= 1);
    await first.close();

    up = true;
    const before = receiver.received.length;
    const second = await sandboxWith({ dataFile, webhookRetryBaseMs: 50 });
    await waitFor(() => receiver.received.some((r) => r.status === 200));
    expect(receiver.received.length).toBeGreaterThan(before);
    const [d] = await deliveries(second);
    expect(d?.status).toBe('delivered');
  });

  it('refuses to start from a corrupt snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-pay-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataFile = join(dir, 'sandbox-pay.json');
    writeFileSync(dataFile, '{"version":1,"payments":');
    await expect(startSandbox({ dataFile })).rejects.toThrow();
  });
});
