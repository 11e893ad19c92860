import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainErrorCode } from '../../src/domain/errors.js';
import { openDatabase, type Database } from '../../src/server/platform/db/client.js';
import { runMigrations } from '../../src/server/platform/db/migrate.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { noticePreferences, settings } from '../../src/server/platform/db/schema/index.js';
import { buildSandboxPayApp, type SandboxPayApp } from '../../src/server/sandbox-pay/app.js';
import { freePort, startAppProcess, type AppProcess } from '../support/app-process.js';
import { startBalancer, type Balancer } from '../support/balancer.js';
import { ADDRESS, createShop, createUser, type TestShop } from '../support/factories.js';
import { createSession, HttpClient, type HttpResponse } from '../support/http-client.js';
import {
  startPgbouncer,
  startPrivateCluster,
  type Pgbouncer,
  type PrivateCluster,
} from '../support/private-cluster.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { assertInvariants, outboxProblems, pick, raceSeed, seededRandom } from './race-support.js';
import { auditRefunds } from './refund-support.js';
import { startWorker, waitFor, type WorkerProcess } from './worker-process.js';

// The database fails under load, and nothing is lost or doubled. A PostgreSQL cluster of this
// test's own (never the shared server) behind pgbouncer in transaction pooling; two app
// processes (`serve`, behind a round-robin balancer) and two worker processes (`worker`) on it,
// each LISTENing directly on the cluster. While shoppers place, pay, cancel and partly cancel
// orders (refunds paid out by the workers through the sandbox provider):
//   1. every backend of the database is terminated (pg_terminate_backend);
//   2. the cluster is restarted (pg_ctl restart -m fast);
//   3. one app process and one worker are SIGKILLed and started again.
// Faults fire at fixed points of the storm's progress, not at times. Callers retry 502/503 with
// the same Idempotency-Key, as the web app's user would; no answer may be a 500 or hang.
// Afterwards: money moved once per refund, stock counters equal their ledgers, every email
// notice arrived once (a second copy only across a worker's SIGKILL), the outbox drained with
// nothing dead, and /metrics scraped during the storm showed the backlog rise and fall.
const SHOPS = 4;
const VARIANTS_PER_SHOP = 6;
const STOCK = 60;
const SHOPPERS = 30;
const PAID_BEFORE = 40;
const OPS = 240;
const CONCURRENCY = 12;
const WORKER_CONCURRENCY = 6;
const SANDBOX_KEY = 'sk_db_faults';
const SANDBOX_SECRET = 'whsec_db_faults';
const DATABASE = 'btp';

let cluster: PrivateCluster;
let bouncer: Pgbouncer;
let direct: Database;
let sandbox: SandboxPayApp;
let sandboxUrl: string;
let smtp: SmtpSink;
let balancer: Balancer;
let appPorts: number[] = [];
const apps: (AppProcess | null)[] = [null, null];
const workers: (WorkerProcess | null)[] = [null, null];
const workerMetricsPorts: number[] = [];
const live = new Set<ChildProcess>();

function appEnv(): Record<string, string> {
  return {
    DATABASE_URL: bouncer.url(DATABASE),
    LISTEN_DATABASE_URL: cluster.url(DATABASE),
    DB_POOL_SIZE: '6',
    // Debian's pgbouncer 1.18 in transaction pooling cannot carry named statements.
    DB_NAMED_STATEMENTS: 'false',
    RUN_WORKER: 'false',
    SANDBOX_PAY_URL: sandboxUrl,
    SANDBOX_PAY_API_KEY: SANDBOX_KEY,
    SANDBOX_PAY_WEBHOOK_SECRET: SANDBOX_SECRET,
    SMTP_URL: smtp.url,
  };
}

async function startApp(i: number): Promise<void> {
  apps[i] = await startAppProcess({
    databaseUrl: bouncer.url(DATABASE),
    port: appPorts[i]!,
    publicUrl: balancer.url,
    env: appEnv(),
    readyTimeoutMs: 120_000,
  });
}

async function startWorkerProcess(i: number): Promise<void> {
  workers[i] = await startWorker(
    {
      ...appEnv(),
      PUBLIC_URL: balancer.url,
      WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      METRICS_PORT: String(workerMetricsPorts[i]),
      METRICS_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    live,
    120_000,
  );
}

beforeAll(async () => {
  cluster = await startPrivateCluster();
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  direct = await openDatabase({ url: cluster.url(DATABASE), poolSize: 4 });
  await runMigrations(direct);
  bouncer = await startPgbouncer(cluster, DATABASE);
  smtp = await startSmtpSink();
  sandbox = await buildSandboxPayApp({
    publicUrl: 'http://127.0.0.1:0',
    apiKey: SANDBOX_KEY,
    webhookSecret: SANDBOX_SECRET,
    settlementScale: 0,
    webhookRetryBaseMs: 50,
    webhookRetryMaxMs: 1_000,
    webhookMaxAttempts: 60,
  });
  sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  appPorts = [await freePort(), await freePort()];
  workerMetricsPorts.push(await freePort(), await freePort());
  balancer = await startBalancer(appPorts.map((p) => `http://127.0.0.1:${p}`));
  // One at a time: four processes compiling at once on a small machine start slower than four
  // in a row.
  for (let i = 0; i < 2; i++) await startApp(i);
  for (let i = 0; i < 2; i++) await startWorkerProcess(i);
}, 180_000);

afterAll(async () => {
  for (const w of live) w.kill('SIGKILL');
  for (const a of apps) await a?.stop();
  await balancer?.close();
  await sandbox?.close();
  await smtp?.close();
  await direct?.close();
  await bouncer?.stop();
  await cluster?.stop();
});

type Kind = 'place' | 'pay' | 'cancel' | 'partial';

const EXPECTED: Record<Kind, DomainErrorCode[]> = {
  place: ['OUT_OF_STOCK'],
  pay: ['ORDER_NOT_PAYABLE'],
  cancel: ['ORDER_NOT_CANCELLABLE', 'CANCELLATION_ALREADY_REQUESTED'],
  partial: [
    'ORDER_NOT_CANCELLABLE',
    'CANCELLATION_ALREADY_REQUESTED',
    'CANCEL_QUANTITY_EXCEEDED',
    'CANCEL_LINE_NOT_CANCELLABLE',
    'PARTIAL_CANCEL_NOT_ALLOWED',
  ],
};

interface Order {
  orderNo: string;
  shopper: HttpClient;
  lines: { id: number; qtyOrdered: number }[];
  known: 'unpaid' | 'paid' | 'cancelled';
}

interface Outcome {
  kind: Kind;
  status: number;
  code: string | null;
  /** Answers 502/503 (or a dropped connection) retried before this one. */
  retried: number;
}

const retryable = (status: number) => status === 502 || status === 503;

/**
 * As a person using the app would: a 502 from the balancer, a 503 from the app or a dropped
 * connection is tried again with the very same request (same Idempotency-Key). A request that
 * hangs past the client's deadline throws, and fails the test.
 */
async function withRetries(
  send: () => Promise<HttpResponse>,
): Promise<{ res: HttpResponse; retried: number }> {
  let retried = 0;
  for (;;) {
    let res: HttpResponse | null = null;
    try {
      res = await send();
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') throw new Error('a request hung', { cause: err });
    }
    if (res && !retryable(res.status)) return { res, retried };
    if (res?.status === 503) {
      // The app's own 503 is in the one error shape and says to come back.
      expect(res.body?.error?.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toBe('1');
    }
    retried++;
    if (retried > 60)
      throw new Error(
        `still failing after ${retried} tries: ${res?.status} ${JSON.stringify(res?.body)}\n` +
          apps.map((a, i) => `app ${i}: ${a?.output().slice(-3000)}`).join('\n'),
      );
    await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * retried)));
  }
}

/** The shopper's browser on the provider's pay page. */
async function confirmAtSandbox(payUrl: string): Promise<number> {
  const payPath = new URL(payUrl).pathname;
  await (await fetch(`${sandboxUrl}${payPath}`)).text();
  const confirm = await fetch(`${sandboxUrl}${payPath}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ channel: 'alipay' }).toString(),
    redirect: 'manual',
  });
  await confirm.text();
  return confirm.status;
}

/** Sum over consumers of `name` on the first worker that answers its ops port. */
async function scrape(name: string): Promise<number | null> {
  for (const port of workerMetricsPorts) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, {
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) continue;
      const lines = (await res.text()).split('\n').filter((l) => l.startsWith(`${name}{`));
      return lines.reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    } catch {
      // That worker is down (killed, restarting): ask the other.
    }
  }
  return null;
}

describe('the database failing under a storm of cancels and refunds', () => {
  it('terminates every backend, restarts the cluster, SIGKILLs an app and a worker: nothing lost or doubled', async () => {
    const seed = raceSeed('db-faults');
    const tStart = Date.now();
    const db = direct.db;
    // Many cancellations per shopper would send refunds to review; this storm is about faults.
    await db.insert(settings).values({
      key: 'cancellation',
      value: { standingWarnAt: 99, standingReviewAt: 100 },
    });
    const shops: TestShop[] = [];
    for (let s = 0; s < SHOPS; s++)
      shops.push(
        await createShop(db, {
          stock: STOCK,
          priceFen: [1_999, 2_599, 888, 4_321][s]!,
          variants: VARIANTS_PER_SHOP,
          shippingFeeFen: [0, 500, 800, 0][s]!,
        }),
      );
    const hot = shops.flatMap((s) => s.variantIds);
    const shoppers: HttpClient[] = [];
    for (let i = 0; i < SHOPPERS; i++) {
      const user = await createUser(db);
      // Email and in-app only: the SMS log driver's record lives in the database being broken.
      await db.insert(noticePreferences).values({
        userId: user.id,
        email: true,
        sms: false,
        updatedAt: new Date(),
      });
      shoppers.push(new HttpClient(balancer.url, await createSession(db, user.id)));
    }

    const orders: Order[] = [];
    const outcomes: Outcome[] = [];
    const record = (kind: Kind, res: HttpResponse, retried: number): Outcome => {
      const o = {
        kind,
        status: res.status,
        code: res.status >= 300 ? (res.body?.error?.code ?? null) : null,
        retried,
      };
      outcomes.push(o);
      return o;
    };

    async function place(rand: () => number): Promise<void> {
      const shopper = pick(rand, shoppers);
      const items = [pick(rand, hot), pick(rand, hot)]
        .filter((v, i, all) => all.indexOf(v) === i)
        .map((variantId) => ({ variantId, quantity: 1 + Math.floor(rand() * 3) }));
      const key = `faults-place-${seed}-${randomBytes(6).toString('hex')}`;
      const { res, retried } = await withRetries(() =>
        shopper.post(
          '/api/v1/orders',
          { items, fromCart: false, address: ADDRESS },
          { 'idempotency-key': key },
        ),
      );
      record('place', res, retried);
      if (res.status !== 201) return;
      for (const o of res.body.orders as any[])
        orders.push({
          orderNo: o.orderNo,
          shopper,
          lines: o.lines.map((l: any) => ({ id: l.id, qtyOrdered: l.qtyOrdered })),
          known: 'unpaid',
        });
    }

    async function pay(o: Order): Promise<void> {
      const { res, retried } = await withRetries(() =>
        o.shopper.post(
          `/api/v1/orders/${o.orderNo}/pay`,
          {},
          {
            'idempotency-key': `pay-${o.orderNo}-k`,
          },
        ),
      );
      record('pay', res, retried);
      if (res.status !== 200) return;
      if ((await confirmAtSandbox(res.body.payUrl as string)) === 303 && o.known === 'unpaid')
        o.known = 'paid';
    }

    async function cancel(o: Order, rand: () => number, partial: boolean): Promise<void> {
      const line = pick(rand, o.lines);
      const selection = partial ? [{ lineId: line.id, quantity: 1 }] : 'all';
      const key = `faults-cancel-${seed}-${randomBytes(6).toString('hex')}`;
      const { res, retried } = await withRetries(() =>
        o.shopper.post(
          `/api/v1/orders/${o.orderNo}/cancellation`,
          { selection, reasonCode: 'changed_mind' },
          { 'idempotency-key': key },
        ),
      );
      record(partial ? 'partial' : 'cancel', res, retried);
      if (res.status === 200 && res.body.order.status === 'cancelled') o.known = 'cancelled';
    }

    // Orders paid before the storm, so that cancels from the first op on make refunds.
    const setupRand = seededRandom(seed);
    for (let i = 0; i < PAID_BEFORE; i++) await place(setupRand);
    await Promise.all(orders.map((o) => pay(o)));
    const paidBefore = async () => {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM orders WHERE status = 'awaiting_shipment'`,
      );
      return (row?.n ?? 0) >= orders.length;
    };
    expect(await waitFor(paidBefore, 30_000)).toBe(true);
    outcomes.length = 0;

    // The storm, and the faults at fixed points of its progress.
    const faults: { at: number; what: string; detail?: unknown }[] = [];
    /** Each worker kill: from just before the signal to when the process was gone. */
    const workerKills: { from: number; to: number }[] = [];
    const restarts: Promise<void>[] = [];
    const backlog: { done: number; due: number }[] = [];
    let done = 0;
    const milestones = new Map<number, () => Promise<void>>([
      [
        Math.floor(OPS * 0.2),
        async () => {
          const n = await cluster.terminateAll(DATABASE);
          faults.push({ at: done, what: 'terminate every backend', detail: n });
        },
      ],
      [
        Math.floor(OPS * 0.4),
        async () => {
          await cluster.restart();
          faults.push({ at: done, what: 'restart the cluster' });
        },
      ],
      [
        Math.floor(OPS * 0.6),
        async () => {
          const rand = seededRandom(seed ^ 0x5eed);
          const a = Math.floor(rand() * 2);
          const w = Math.floor(rand() * 2);
          const from = Date.now();
          apps[a]!.child.kill('SIGKILL');
          workers[w]!.child.kill('SIGKILL');
          await apps[a]!.exited;
          await workers[w]!.exited;
          workerKills.push({ from, to: Date.now() });
          faults.push({ at: done, what: `SIGKILL app ${a} and worker ${w}` });
          await apps[a]!.stop();
          // Started again in the background while the storm goes on through the other ones.
          restarts.push(startApp(a), startWorkerProcess(w));
        },
      ],
    ]);
    const scraping = (async () => {
      while (done < OPS) {
        const due = await scrape('btp_outbox_due');
        if (due !== null) backlog.push({ done, due });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    async function runOp(k: number): Promise<void> {
      const rand = seededRandom((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
      const r = rand();
      const unpaid = orders.filter((o) => o.known === 'unpaid');
      const paid = orders.filter((o) => o.known === 'paid');
      if (r < 0.2 || (unpaid.length === 0 && paid.length === 0)) return place(rand);
      if (r < 0.4 && unpaid.length > 0) return pay(pick(rand, unpaid));
      if (r < 0.7 && paid.length > 0) return cancel(pick(rand, paid), rand, false);
      if (paid.length > 0) return cancel(pick(rand, paid), rand, true);
      return cancel(pick(rand, unpaid), rand, false);
    }

    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const k = next++;
          if (k >= OPS) return;
          const fault = milestones.get(k);
          if (fault) {
            milestones.delete(k);
            await fault();
          }
          await runOp(k);
          done++;
        }
      }),
    );
    await scraping;
    const stormMs = Date.now() - t0;

    // Every answer: a success or a refusal the operation can meet in a race; never a 5xx.
    const unexpected = outcomes.filter(
      (o) => o.status >= 500 || (o.status >= 300 && !EXPECTED[o.kind].includes(o.code as any)),
    );
    expect(unexpected, 'answers other than success or an expected refusal').toEqual([]);

    // Both killed processes are back; then everything settles: payments land, refunds are paid
    // out and arrive, notices go out, the outbox drains.
    await Promise.all(restarts);
    expect(apps.every((a) => a?.child.exitCode === null)).toBe(true);
    expect(workers.every((w) => w?.child.exitCode === null)).toBe(true);
    const settled = async () => {
      await sandbox.sandbox.settleDue({ all: true });
      await sandbox.sandbox.flushWebhooks();
      const [row] = await queryRows<{ due: number; open: number; unsent: number }>(
        db,
        sql`SELECT
          (SELECT count(*) FROM outbox WHERE status = 'pending' AND run_at <= now())::int AS due,
          (SELECT count(*) FROM refunds WHERE status <> 'succeeded')::int AS open,
          (SELECT count(*) FROM notices WHERE status <> 'sent')::int AS unsent`,
      );
      return row?.due === 0 && row.open === 0 && row.unsent === 0;
    };
    expect(await waitFor(settled, 90_000)).toBe(true);
    const settleMs = Date.now() - t0 - stormMs;
    const tSetup = t0 - tStart;

    // Money moved once per refund; nothing refunded beyond what was paid.
    const sandboxAccess = { db, sandboxUrl, config: { sandboxPay: { apiKey: SANDBOX_KEY } } };
    const audit = await auditRefunds(sandboxAccess);
    expect(audit.problems).toEqual([]);
    expect(audit.refunds).toBeGreaterThan(0);
    // Stock counters equal their ledgers, to the unit; money per order and line adds up.
    const report = await assertInvariants(db);
    // Nothing dead, nothing stuck.
    expect(await outboxProblems(db, new Date())).toEqual([]);
    // Every payment the provider took reached the app.
    const unrecorded = await queryRows<{ order_no: string }>(
      db,
      sql`SELECT o.order_no FROM payments p JOIN orders o ON o.id = p.order_id
        WHERE p.status = 'pending' AND o.status = 'awaiting_shipment'`,
    );
    expect(unrecorded).toEqual([]);

    // Each email notice arrived once; a second copy only across the worker's SIGKILL (begun
    // just before it, its record lost with the process, sent again when its lease ran out).
    const emailNotices = await queryRows<{ recipient: string; subject: string; body: string }>(
      db,
      sql`SELECT recipient, subject, body FROM notices WHERE channel = 'email'`,
    );
    const key = (to: string, subject: string, text: string) => `${to}\n${subject}\n${text.trim()}`;
    const wanted = new Map<string, number>();
    for (const n of emailNotices) {
      const k = key(n.recipient, n.subject, n.body);
      wanted.set(k, (wanted.get(k) ?? 0) + 1);
    }
    const got = new Map<string, number[]>();
    for (const m of smtp.mails) {
      const k = key(m.to, m.subject, m.text);
      got.set(k, [...(got.get(k) ?? []), m.at]);
    }
    const missing = [...wanted].filter(([k, n]) => (got.get(k)?.length ?? 0) < n);
    expect(missing, 'notices that never arrived').toEqual([]);
    const strays = [...got.keys()].filter((k) => !wanted.has(k));
    expect(strays, 'mail that matches no notice').toEqual([]);
    let doubled = 0;
    for (const [k, at] of got) {
      const extra = at.length - (wanted.get(k) ?? 0);
      if (extra <= 0) continue;
      doubled += extra;
      // The first copy was begun by the killed worker before it died, the other after.
      const [first, last] = [Math.min(...at), Math.max(...at)];
      const straddles = workerKills.some((k) => first <= k.to && last >= k.from);
      expect(straddles, `a second copy with no worker kill between: ${k}`).toBe(true);
    }
    // At most the jobs the killed worker had in flight.
    expect(doubled).toBeLessThanOrEqual(WORKER_CONCURRENCY);
    // A second copy is the same message to the mailbox: one Message-ID per notice, never shared.
    const idsOf = new Map<string, Set<string>>();
    for (const m of smtp.mails)
      (idsOf.get(m.messageId) ?? idsOf.set(m.messageId, new Set()).get(m.messageId)!).add(
        key(m.to, m.subject, m.text),
      );
    expect([...idsOf.values()].filter((s) => s.size !== 1)).toEqual([]);
    expect(idsOf.size).toBe(emailNotices.length);

    // The backlog rose during the storm and fell back to nothing.
    const peak = Math.max(...backlog.map((b) => b.due));
    expect(peak).toBeGreaterThan(0);
    const drained = async () => {
      const due = await scrape('btp_outbox_due');
      if (due !== null) backlog.push({ done, due });
      return due === 0;
    };
    expect(await waitFor(drained, 10_000)).toBe(true);

    const retries = outcomes.reduce((n, o) => n + o.retried, 0);
    const mix: Record<string, Record<string, number>> = {};
    for (const o of outcomes) {
      const row = (mix[o.kind] ??= {});
      const k = o.status < 300 ? String(o.status) : `${o.status} ${o.code}`;
      row[k] = (row[k] ?? 0) + 1;
    }
    console.log(
      '[db-faults]',
      JSON.stringify({
        seed,
        ops: outcomes.length,
        setupMs: tSetup,
        stormMs,
        settleMs,
        retries,
        faults,
        backlogPeak: peak,
        backlogSamples: backlog.length,
        emails: smtp.mails.length,
        doubled,
        mix,
        report,
      }),
    );
  }, 300_000);
});
