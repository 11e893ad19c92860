/**
 * Refunds end to end, and provider webhooks, against a fresh PostgreSQL database and the
 * sandbox provider on 127.0.0.1.
 *
 * 1. Paid orders (bench/lib/cancel-dataset.ts) whose payments are real sandbox payments
 *    (created and confirmed over the sandbox's HTTP API, settlement scale 0.001 as in demos).
 * 2. The real app (createRuntime + buildApp) with a mailer that accepts everything, so refund
 *    notices cost their database work but no SMTP round trip.
 * 3. For each worker concurrency (WORKER_CONCURRENCY: how many outbox jobs — refund payouts
 *    among them — one worker runs at once) 1, 4 and 16: cancel BENCH_REFUNDS fresh orders with
 *    the worker stopped (each leaves an approved refund), drop the cancellations' own notice
 *    jobs, start a worker and time until every refund is 已到账: submitted → provider →
 *    settlement → signed webhook → succeeded. Per refund: submitted_at to the 已到账 step.
 * 4. Webhook handling: POST signed refund.succeeded events (new event ids, refunds already
 *    final, so each is verified, recorded once and applied as a no-op) from a separate process
 *    at concurrency 8 and 32, BENCH_WEBHOOKS each.
 *
 *   npx tsx bench/refunds.ts   (BENCH_REFUNDS=500 BENCH_WEBHOOKS=3000)
 */
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { DEFAULT_CANCELLATION_SETTINGS } from '../src/domain/cancellation-settings.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import { OutboxWorker } from '../src/server/platform/outbox/worker.js';
import { createRuntime } from '../src/server/runtime.js';
import { buildSandboxPayApp } from '../src/server/sandbox-pay/app.js';
import type { CancelJob, CancelResult } from './lib/cancel-client.js';
import { orderNoOf, prepareOrders, seedCatalog, sessionTokenOf } from './lib/cancel-dataset.js';
import { runChild } from './lib/child.js';
import { HttpClient, agent } from './lib/http.js';
import type { LoadResult } from './lib/load.js';
import { freshDatabase } from './lib/pg.js';
import { printTable, summarise } from './lib/stats.js';
import type { WebhookJob } from './lib/webhook-client.js';

const PER_LEVEL = Number(process.env['BENCH_REFUNDS'] ?? 500);
const LEVELS = [1, 4, 16];
const WEBHOOKS = Number(process.env['BENCH_WEBHOOKS'] ?? 3_000);
const WEBHOOK_LEVELS = [8, 32];
const SCALE = 0.001;
const LEVEL_BUDGET_MS = 180_000;
const API_KEY = 'sk_bench';
const SECRET = 'whsec_bench';

const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`load average before: ${loadavg()} (${os.cpus().length} CPUs)`);

/** A port nothing listens on right now (the app's URL must be known before it starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/** Runs fn over items with `concurrency` in flight. */
async function eachLimited<T>(items: T[], concurrency: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const total = PER_LEVEL * LEVELS.length;
const fresh = await freshDatabase();
const admin = new pg.Client({ connectionString: fresh.url });
await admin.connect();
const pool = new pg.Pool({ connectionString: fresh.url, max: 8 });
try {
  await seedCatalog(admin);
  await prepareOrders(admin, 1, total);
  // Every refund of the run is paid out automatically: no amount goes to review.
  await admin.query(`INSERT INTO settings (key, value) VALUES ('cancellation', $1)`, [
    JSON.stringify({ ...DEFAULT_CANCELLATION_SETTINGS, reviewAmountFen: 1_000_000_000 }),
  ]);
  await admin.query('VACUUM (ANALYZE)');

  const [appPort, sandboxPort] = [await freePort(), await freePort()];
  const appUrl = `http://127.0.0.1:${appPort}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const sandbox = await buildSandboxPayApp({
    publicUrl: sandboxUrl,
    apiKey: API_KEY,
    webhookSecret: SECRET,
    settlementScale: SCALE,
  });
  await sandbox.listen({ port: sandboxPort, host: '127.0.0.1' });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATABASE_URL: fresh.url,
    HOST: '127.0.0.1',
    PORT: String(appPort),
    PUBLIC_URL: appUrl,
    SANDBOX_PAY_URL: sandboxUrl,
    SANDBOX_PAY_API_KEY: API_KEY,
    SANDBOX_PAY_WEBHOOK_SECRET: SECRET,
  });
  const log = pino({ level: process.env['BENCH_LOG_LEVEL'] ?? 'silent' });
  const runtime = await createRuntime(config, {
    log,
    mailer: { send: async () => undefined, close: () => undefined },
  });
  const app = await buildApp(runtime.deps);
  await app.listen({ port: appPort, host: '127.0.0.1' });

  try {
    let t0 = performance.now();
    const provider = new HttpClient(sandboxUrl);
    const auth = { authorization: `Bearer ${API_KEY}` };
    const { rows: orders } = await admin.query<{ id: string; paid_fen: string }>(
      'SELECT id, paid_fen FROM orders WHERE id BETWEEN 1 AND $1 ORDER BY id',
      [total],
    );
    const paymentIds: string[] = [];
    await eachLimited(orders, 16, async (o) => {
      const created = await provider.request(
        'POST',
        '/v1/payments',
        {
          amount_fen: Number(o.paid_fen),
          currency: 'CNY',
          merchant_order_no: orderNoOf(Number(o.id)),
          description: 'bench',
          return_url: `${appUrl}/orders`,
          notify_url: `${appUrl}/api/v1/webhooks/sandbox-pay`,
        },
        { ...auth, 'idempotency-key': `bench-pay-${o.id}` },
      );
      if (created.status !== 201) throw new Error(`payment: ${created.status} ${created.text}`);
      const id = (JSON.parse(created.text) as { id: string }).id;
      // Ours first, so the provider's payment.succeeded finds the payment it names.
      await pool.query('UPDATE payments SET provider_payment_id = $1 WHERE order_id = $2', [
        id,
        o.id,
      ]);
      const confirmed = await provider.request('POST', `/pay/${id}/confirm`, 'channel=alipay', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      if (confirmed.status !== 303) throw new Error(`confirm: ${confirmed.status}`);
      paymentIds.push(id);
    });
    await sandbox.sandbox.flushWebhooks();
    console.log(
      `${total} paid orders with sandbox payments in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `app ${appUrl}, sandbox ${sandboxUrl} (settlement scale ${SCALE}: 支付宝 refunds settle ~60 ms after acceptance)`,
    );

    /** refund.succeeded deliveries the app refused first (it had not yet recorded the refund). */
    const retriedSucceeded = async (): Promise<number> => {
      const res = await provider.request('GET', '/admin/webhook-deliveries', undefined, auth);
      const list = (JSON.parse(res.text) as { data: { event_type: string; attempts: number }[] })
        .data;
      return list.filter((d) => d.event_type === 'refund.succeeded' && d.attempts > 1).length;
    };
    let retriedBefore = await retriedSucceeded();
    const rows: Record<string, string | number>[] = [];
    for (const [i, concurrency] of LEVELS.entries()) {
      const ks = Array.from({ length: PER_LEVEL }, (_, j) => i * PER_LEVEL + j + 1);
      const job: CancelJob = {
        baseUrl: appUrl,
        orders: ks.map((k) => [orderNoOf(k), sessionTokenOf(k)]),
        opts: { concurrency: 8, warmup: 0, maxRequests: ks.length, maxMs: LEVEL_BUDGET_MS },
      };
      const cancelled = await runChild<CancelResult>(
        new URL('./lib/cancel-client.ts', import.meta.url),
        job,
        LEVEL_BUDGET_MS + 60_000,
      );
      if (cancelled.errors > 0) throw new Error(`cancels failed: ${cancelled.firstError}`);
      const { rows: refunds } = await admin.query<{ id: string; status: string; amount: string }>(
        'SELECT id, status, amount_fen AS amount FROM refunds WHERE order_id = ANY($1::bigint[])',
        [ks],
      );
      if (refunds.length !== PER_LEVEL || refunds.some((r) => r.status !== 'approved'))
        throw new Error(`expected ${PER_LEVEL} approved refunds, got ${refunds.length}`);
      // Amounts ending in 901-904 trigger the sandbox's one-off faults (README): not paid out here.
      const magic = refunds.filter((r) => {
        const tail = Number(r.amount) % 1000;
        return tail >= 901 && tail <= 904;
      });
      await admin.query(
        `DELETE FROM outbox WHERE consumer LIKE 'refunds.%' AND (payload->>'refundId') = ANY($1::text[])`,
        [magic.map((r) => r.id)],
      );
      const ids = refunds.filter((r) => !magic.includes(r)).map((r) => r.id);
      const n = ids.length;
      // The cancellations' own notices are not part of a refund's way; the refunds' are.
      await admin.query(
        `DELETE FROM outbox WHERE status = 'pending' AND consumer NOT LIKE 'refunds.%'`,
      );

      const worker = new OutboxWorker(
        runtime.deps.database,
        runtime.deps.outbox,
        runtime.deps.clock,
        log,
        { concurrency },
      );
      t0 = performance.now();
      await worker.start();
      let done = 0;
      let failed = 0;
      while (done + failed < n && performance.now() - t0 < LEVEL_BUDGET_MS) {
        await new Promise((r) => setTimeout(r, 20));
        const { rows: c } = await admin.query<{ done: string; failed: string }>(
          `SELECT count(*) FILTER (WHERE status = 'succeeded') AS done,
                  count(*) FILTER (WHERE status = 'failed') AS failed
           FROM refunds WHERE id = ANY($1::bigint[])`,
          [ids],
        );
        done = Number(c[0]?.done);
        failed = Number(c[0]?.failed);
      }
      const elapsedMs = performance.now() - t0;
      await worker.stop();
      if (failed > 0) {
        const { rows: why } = await admin.query<{ reason: string; n: string }>(
          `SELECT coalesce(failure_reason, '?') AS reason, count(*) AS n FROM refunds
           WHERE id = ANY($1::bigint[]) AND status = 'failed' GROUP BY 1`,
          [ids],
        );
        console.log(
          `failed at ${concurrency}: ${why.map((w) => `${w.reason} × ${w.n}`).join(', ')}`,
        );
      }
      const { rows: lat } = await admin.query<{ ms: number }>(
        `SELECT extract(epoch FROM e.created_at - r.submitted_at) * 1000 AS ms
         FROM refunds r JOIN refund_events e ON e.refund_id = r.id AND e.status = 'succeeded'
         WHERE r.id = ANY($1::bigint[])`,
        [ids],
      );
      const s = summarise(lat.map((l) => Number(l.ms)));
      const retried = (await retriedSucceeded()) - retriedBefore;
      retriedBefore += retried;
      rows.push({
        'worker concurrency': concurrency,
        refunds: n,
        已到账: done,
        failed,
        seconds: (elapsedMs / 1000).toFixed(1),
        'refunds/s': ((done / elapsedMs) * 1000).toFixed(1),
        'submit→已到账 p50 ms': s.p50.toFixed(0),
        'p99 ms': s.p99.toFixed(0),
        'max ms': s.max.toFixed(0),
        'webhook redelivered': retried,
      });
    }
    console.log(
      '\nRefunds end to end (cancel → approved, then timed: submit → provider → webhook → 已到账)',
    );
    printTable(rows);

    // Webhooks: the provider's own refund objects, as it would send them again.
    const sample: unknown[] = [];
    for (const id of paymentIds.slice(0, 200)) {
      const res = await provider.request('GET', `/v1/refunds?payment_id=${id}`, undefined, auth);
      const list = (JSON.parse(res.text) as { data: unknown[] }).data;
      sample.push(...list);
    }
    const hooks: Record<string, string | number>[] = [];
    for (const concurrency of WEBHOOK_LEVELS) {
      const job: WebhookJob = {
        baseUrl: appUrl,
        secret: SECRET,
        refunds: sample,
        prefix: `evt_bench_${concurrency}`,
        opts: { concurrency, warmup: 200, maxRequests: WEBHOOKS, maxMs: 60_000 },
      };
      const r = await runChild<LoadResult>(
        new URL('./lib/webhook-client.ts', import.meta.url),
        job,
        120_000,
      );
      hooks.push({
        concurrency,
        webhooks: r.count,
        errors: r.errors,
        'per s': r.rps.toFixed(0),
        'p50 ms': r.p50.toFixed(2),
        'p99 ms': r.p99.toFixed(2),
        'max ms': r.max.toFixed(2),
      });
      if (r.firstError) console.log(`first error at ${concurrency}: ${r.firstError}`);
    }
    console.log('\nSigned refund.succeeded webhooks (verified, recorded once, applied as a no-op)');
    printTable(hooks);
    console.log(`\nload average after: ${loadavg()}`);
  } finally {
    await app.close();
    await runtime.close();
    await sandbox.close();
    agent.destroy();
  }
} finally {
  await admin.end();
  await pool.end();
  await fresh.drop();
}
