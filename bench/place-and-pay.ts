/**
 * Checkout under load: 16 shoppers place orders and pay them on the sandbox provider's hosted
 * page, all over real HTTP, against the full stack (app, sandbox provider, outbox worker, SMTP
 * capture) on a fresh PostgreSQL database. Payments land through the provider's signed webhooks.
 *
 *   npx tsx bench/place-and-pay.ts        (BENCH_ORDERS=2000 BENCH_SHOPPERS=16)
 *
 * BENCH_PAY=0 measures the placement alone: orders are placed and never paid, and the outbox
 * worker is not started, so the CPU figures are the placing request and its transaction only
 * (the notices an `order.placed` event sends are the notification module's, measured with
 * payment in the default run).
 */
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/server/app.js';
import { hashPassword } from '../src/server/modules/accounts/service.js';
import { loadConfig } from '../src/server/platform/config.js';
import { openDatabase } from '../src/server/platform/db/client.js';
import { startSmtpCapture } from '../src/server/platform/mail/smtp-capture.js';
import { createRuntime } from '../src/server/runtime.js';
import { buildSandboxPayApp } from '../src/server/sandbox-pay/app.js';
import { runChild } from './lib/child.js';
import { profileCpu } from './lib/cpu-profile.js';
import { tracePg } from './lib/pg-trace.js';
import { shapeOf } from './lib/sql-shape.js';
import { startCpuWindow } from './lib/cpu.js';
import { freshDatabase } from './lib/pg.js';
import type { ShopperJob, ShopperResult } from './lib/shopper-client.js';
import { printTable } from './lib/stats.js';

const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 2_000);
const SHOPPERS = Number(process.env['BENCH_SHOPPERS'] ?? 16);
const PAY = process.env['BENCH_PAY'] !== '0';
const PER = PAY ? 'per order placed and paid' : 'per order placed (placement alone)';
const PASSWORD = 'Bench1234pw';
const PLACE_BUDGET_MS = 300_000;
const WEBHOOK_BUDGET_MS = 120_000;
const SANDBOX = { apiKey: 'sk_bench', webhookSecret: 'whsec_bench' };

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`load average before: ${load()} (${os.cpus().length} CPUs)`);

const fresh = await freshDatabase();
const admin = new pg.Client({ connectionString: fresh.url });
await admin.connect();
const database = await openDatabase({ url: fresh.url, poolSize: 16 });
const smtp = await startSmtpCapture(database.db, 0);
const sandbox = await buildSandboxPayApp({ publicUrl: 'http://127.0.0.1:0', ...SANDBOX });
const sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
const config = loadConfig({
  LOG_LEVEL: 'silent',
  DATABASE_URL: fresh.url,
  HOST: '127.0.0.1',
  SANDBOX_PAY_URL: sandboxUrl,
  SANDBOX_PAY_API_KEY: SANDBOX.apiKey,
  SANDBOX_PAY_WEBHOOK_SECRET: SANDBOX.webhookSecret,
  SMTP_URL: smtp.url,
});
const runtime = await createRuntime(config, { database, log: pino({ level: 'silent' }) });
const app = await buildApp(runtime.deps);
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
config.publicUrl = baseUrl; // webhooks and return URLs point at the real port
if (PAY) await runtime.worker.start();

try {
  // One shop, 5 products × 8 variants with ample stock; SHOPPERS shoppers sharing a password.
  await admin.query(`INSERT INTO shops (name, name_en, shipping_fee_fen, free_shipping_over_fen)
                     VALUES ('压测店铺', 'Bench shop', 800, 9900)`);
  await admin.query(`INSERT INTO products (shop_id, title, title_en, policy_kind)
                     SELECT 1, '商品' || p, 'Product ' || p, 'full_refund'
                     FROM generate_series(1, 5) p`);
  const { rows: variants } = await admin.query<{ id: string }>(
    `INSERT INTO variants (product_id, shop_id, name, name_en, price_fen, stock_available)
     SELECT p.id, 1, '款式' || v, 'Style ' || v, 1000 + v * 350, 1000000
     FROM products p CROSS JOIN generate_series(1, 8) v RETURNING id`,
  );
  await admin.query(`INSERT INTO stock_movements (variant_id, kind, quantity)
                     SELECT id, 'receive', stock_available FROM variants`);
  await admin.query(
    `INSERT INTO users (email, mobile, password_hash, display_name, role)
     SELECT 'buyer' || u || '@bench.test', '137' || lpad(u::text, 8, '0'), $2, '买家' || u, 'shopper'
     FROM generate_series(1, $1::int) u`,
    [SHOPPERS, await hashPassword(PASSWORD)],
  );

  const job: ShopperJob = {
    baseUrl,
    sandboxUrl,
    accounts: Array.from({ length: SHOPPERS }, (_, i) => `buyer${i + 1}@bench.test`),
    password: PASSWORD,
    variantIds: variants.map((v) => Number(v.id)),
    orders: ORDERS,
    maxMs: PLACE_BUDGET_MS,
    pay: PAY,
  };
  // CPU of this process (app, worker, sandbox, SMTP capture) and of the database's backends.
  const cpu0 = process.cpuUsage();
  const pgCpu = startCpuWindow(admin, fresh.name);
  const shoppers = () =>
    runChild<ShopperResult>(
      new URL('./lib/shopper-client.ts', import.meta.url),
      job,
      PLACE_BUDGET_MS + 60_000,
    );
  // BENCH_PROFILE=1: where this process's CPU goes (V8 sampling profiler, self time).
  const trace = process.env['BENCH_PROFILE'] ? tracePg() : null;
  const profiled = process.env['BENCH_PROFILE'] ? await profileCpu(shoppers) : null;
  const r = profiled ? profiled.result : await shoppers();

  // Payments are applied when the provider's webhook arrives: wait until every paid order shows.
  let applied = 0;
  const waitUntil = Date.now() + WEBHOOK_BUDGET_MS;
  while (PAY && Date.now() < waitUntil) {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE status = 'awaiting_shipment'`,
    );
    applied = rows[0]?.n ?? 0;
    if (applied >= r.paid) break;
    await sleep(50);
  }
  const allAppliedAt = Date.now();
  const cpu = process.cpuUsage(cpu0);
  const db = await pgCpu.stop();
  const { rows: span } = await admin.query<{ first: Date; last: Date; orders: number }>(
    `SELECT min(created_at) AS first, coalesce(max(paid_at), max(created_at)) AS last,
            count(*)::int AS orders FROM orders`,
  );
  const placingS = (r.finishedAt - r.startedAt) / 1000;
  const endToEndS = (allAppliedAt - r.startedAt) / 1000;
  const dbSpanS = span[0] ? (span[0].last.getTime() - span[0].first.getTime()) / 1000 : NaN;

  console.log(
    `\n${SHOPPERS} shoppers, ${ORDERS} orders requested: placed ${r.placed}, paid ${r.paid}, ` +
      `errors ${r.errors}${r.firstError ? ` (first: ${r.firstError})` : ''}; ` +
      `${applied} of ${r.paid} payments applied`,
  );
  printTable([
    { figure: 'orders placed /s (placing phase)', value: r.placed / placingS },
    {
      figure: 'payments applied /s (first order → last awaiting_shipment)',
      value: applied / endToEndS,
    },
    {
      figure: 'payments applied /s (DB: first created_at → last paid_at)',
      value: applied / dbSpanS,
    },
    { figure: 'webhook lag after the last confirm (ms)', value: allAppliedAt - r.finishedAt },
    { figure: 'placement p50 (ms)', value: r.place.p50 },
    { figure: 'placement p99 (ms)', value: r.place.p99 },
    { figure: 'placement max (ms)', value: r.place.max },
    { figure: 'pay (API + sandbox page + confirm) p50 (ms)', value: r.pay.p50 },
    { figure: 'pay (API + sandbox page + confirm) p99 (ms)', value: r.pay.p99 },
    {
      figure: `Node CPU ${PER} (ms; app, worker, sandbox)`,
      value: (cpu.user + cpu.system) / 1000 / r.placed,
    },
    { figure: `PostgreSQL CPU ${PER} (ms)`, value: db.backendMs / r.placed },
    { figure: 'machine busy (all cores, everyone)', value: Math.round(db.machineBusy * 100) },
  ]);
  trace?.stop();
  if (trace) {
    const byShape = new Map<string, { n: number; ms: number }>();
    for (const q of trace.queries) {
      const key = shapeOf(q.text).slice(0, 60);
      const e = byShape.get(key) ?? { n: 0, ms: 0 };
      e.n += 1;
      e.ms += q.ms;
      byShape.set(key, e);
    }
    console.log(
      `\nStatements ${PER} (app, worker): ` + `${(trace.queries.length / r.placed).toFixed(1)}`,
    );
    printTable(
      [...byShape.entries()]
        .sort((a, b) => b[1].n - a[1].n)
        .slice(0, 30)
        .map(([shape, e]) => ({ statement: shape, 'per order': e.n / r.placed })),
    );
  }
  if (profiled) {
    const perOrder = (ms: number) => ms / r.placed;
    console.log(
      `\nThis process's CPU while shoppers placed${PAY ? ' and paid' : ''} (sampled): ` +
        `${perOrder(profiled.profile.totalMs).toFixed(2)} ms per order`,
    );
    printTable(
      profiled.profile.byOwner.slice(0, 15).map((o) => ({
        'code in': o.owner,
        'ms/order': perOrder(o.ms),
        share: `${(o.share * 100).toFixed(1)}%`,
      })),
    );
    printTable(
      profiled.profile.top.map((f) => ({
        function: f.fn.slice(0, 70),
        'code in': f.owner,
        'ms/order': perOrder(f.ms),
        share: `${(f.share * 100).toFixed(1)}%`,
      })),
    );
  }
  console.log(`load average after: ${load()}`);
} finally {
  await app.close();
  await runtime.close();
  await sandbox.close();
  await smtp.close();
  await database.close();
  await admin.end();
  await fresh.drop();
}
