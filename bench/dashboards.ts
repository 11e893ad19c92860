/**
 * Operations dashboards on a year of data: 200,000 orders over 363 days in 20 shops, with their
 * cancellations, 申请取消 requests, refunds and refund events. Each dashboard query runs RUNS
 * times over the whole year and over the last 30 days, for all shops and for one shop; the
 * figures are p50/p99 of the query (SQL plus mapping) as the API runs it. Also prints the scans
 * of each query's plan, and the staff order search by phone.
 *
 *   npx tsx bench/dashboards.ts            (BENCH_KEEP_DB=1 keeps the database afterwards)
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { DashboardQuery } from '../src/contracts/dashboards.js';
import { hashPassword } from '../src/server/modules/accounts/service.js';
import {
  cancellationsPerDay,
  productCancelRates,
  refundProblems,
  refundTimesByChannel,
  slaCompliance,
} from '../src/server/modules/ops/dashboard-queries.js';
import { searchOrders } from '../src/server/modules/ops/order-search.js';
import { openDatabase, type Executor } from '../src/server/platform/db/client.js';
import { queryRows } from '../src/server/platform/db/query.js';
import { generateOpsHistory } from './lib/ops-dataset.js';
import { generateOrders } from './lib/orders-dataset.js';
import { freshDatabase } from './lib/pg.js';
import { printTable, summarise } from './lib/stats.js';

const ORDERS = 200_000;
const SPACING_S = 157; // 200,000 × 157 s ≈ 363 days
const RUNS = 15;
const TARGET_MS = 1_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

/** The plan's scan nodes, e.g. "Index Scan on cancellations_created_idx (812)". */
function scansOf(node: PlanNode): string[] {
  const own = /Scan/.test(node['Node Type'])
    ? [
        `${node['Node Type']} on ${node['Index Name'] ?? node['Relation Name']} (${node['Actual Rows']})`,
      ]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
}

/**
 * An executor that EXPLAINs instead of running: each statement a dashboard sends is planned and
 * run under EXPLAIN ANALYZE, and its scans are collected. (The dashboard's own mapping of the
 * rows is skipped: what comes back is a plan.)
 */
function explaining(db: Executor, scans: string[]): Executor {
  const execute = async (query: SQL) => {
    const [row] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      db,
      sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`,
    );
    if (row) scans.push(...scansOf(row['QUERY PLAN'][0].Plan));
    return { rows: [] };
  };
  return new Proxy(db, {
    get: (target, prop, receiver) =>
      prop === 'execute' ? execute : Reflect.get(target, prop, receiver),
  });
}

const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`load average before: ${loadavg()} (${os.cpus().length} CPUs)`);

const fresh = await freshDatabase();
const admin = new pg.Client({ connectionString: fresh.url });
await admin.connect();
const database = await openDatabase({ url: fresh.url, poolSize: 4 });
try {
  let t0 = performance.now();
  await generateOrders(admin, {
    orders: ORDERS,
    shoppers: 5_000,
    bigShopperEvery: 100,
    spacingSeconds: SPACING_S,
    passwordHash: await hashPassword('Bench1234pw'),
  });
  await generateOpsHistory(admin);
  const { rows: sizes } = await admin.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_lines) AS lines,
       (SELECT count(*) FROM cancellations) AS cancellations,
       (SELECT count(*) FROM cancellation_requests) AS requests,
       (SELECT count(*) FROM refunds) AS refunds, (SELECT count(*) FROM refund_events) AS events,
       (SELECT min(created_at)::date || ' .. ' || max(created_at)::date FROM orders) AS span`,
  );
  console.log(
    `generated in ${((performance.now() - t0) / 1000).toFixed(1)} s:`,
    JSON.stringify(sizes[0]),
  );

  const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const now = new Date();
  const year: DashboardQuery = {
    from: day(new Date(now.getTime() - 365 * 86_400_000)),
    to: day(now),
  };
  const month: DashboardQuery = {
    from: day(new Date(now.getTime() - 29 * 86_400_000)),
    to: day(now),
  };
  const db = database.db;
  const queries: [string, (q: DashboardQuery) => Promise<unknown>][] = [
    ['cancellations per day × reason', (q) => cancellationsPerDay(db, q)],
    ['cancellation rate by product', (q) => productCancelRates(db, q)],
    ['refund time by channel (p50/p90)', (q) => refundTimesByChannel(db, q)],
    ['SLA compliance', (q) => slaCompliance(db, q, now, 24)],
    ['refunds stuck or failed', (q) => refundProblems(db, q, now)],
  ];
  const rows: Record<string, string | number>[] = [];
  let worst = 0;
  for (const [name, run] of queries) {
    for (const [label, q] of [
      ['year, all shops', year],
      ['year, shop 7', { ...year, shopId: 7 }],
      ['30 days, all shops', month],
      ['30 days, shop 7', { ...month, shopId: 7 }],
    ] as const) {
      await run(q); // warm the cache once, as a dashboard that is open would be
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        t0 = performance.now();
        await run(q);
        samples.push(performance.now() - t0);
      }
      const s = summarise(samples);
      worst = Math.max(worst, s.p99);
      rows.push({ query: name, filter: label, runs: RUNS, p50_ms: s.p50, p99_ms: s.p99 });
    }
  }
  const phone = '13800000042';
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    await searchOrders(db, { phone, limit: 20 }, { any: true });
    samples.push(performance.now() - t0);
  }
  const s = summarise(samples);
  rows.push({
    query: 'order search by phone',
    filter: 'all',
    runs: RUNS,
    p50_ms: s.p50,
    p99_ms: s.p99,
  });
  printTable(rows);

  console.log('\nscans in each plan (year, all shops | year, shop 7):');
  const plans: [string, (d: Executor, q: DashboardQuery) => Promise<unknown>][] = [
    ['cancellations per day × reason', (d, q) => cancellationsPerDay(d, q)],
    ['cancellation rate by product', (d, q) => productCancelRates(d, q)],
    ['refund time by channel', (d, q) => refundTimesByChannel(d, q)],
    ['SLA compliance', (d, q) => slaCompliance(d, q, now, 24)],
    ['refunds stuck or failed', (d, q) => refundProblems(d, q, now)],
  ];
  for (const [name, run] of plans) {
    for (const q of [year, { ...year, shopId: 7 }]) {
      const scans: string[] = [];
      await run(explaining(db, scans), q).catch(() => undefined);
      console.log(`${name}${q.shopId ? ' [shop 7]' : ''}: ${[...new Set(scans)].join(', ')}`);
    }
  }
  console.log(
    `slowest p99: ${worst.toFixed(1)} ms — ${worst < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target`,
  );
  console.log(`load average after: ${loadavg()}`);
} finally {
  await database.close();
  await admin.end();
  if (!process.env['BENCH_KEEP_DB']) await fresh.drop();
  else console.log(`kept database ${fresh.name}`);
}
