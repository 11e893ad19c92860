/**
 * Whole-order cancel under load, and the database's limit for the same work.
 *
 * 1. A fresh PostgreSQL database with paid, not-yet-preparing orders (bench/lib/cancel-dataset.ts).
 * 2. The real app (createRuntime + buildApp) on 127.0.0.1, without the outbox worker: refunds
 *    are created but not paid out, so only the cancel transaction is measured.
 * 3. The SQL of one cancellation, captured with a node-postgres hook.
 * 4. POST /api/v1/orders/:orderNo/cancellation {selection:'all', reasonCode:'price'} with an
 *    Idempotency-Key, each as the order's own shopper, from a separate client process at
 *    concurrency 1, 8 and 32 (fresh orders for each): throughput, latency, the app's RSS, CPU.
 * 5. Where the time goes: the captured statements timed per request at concurrency 1 and 8.
 * 6. pgbench running the same statements (bench/sql/cancel.pgbench.sql) on orders prepared the
 *    same way, 8 clients for 20 s, in pgbench's three query modes (simple, extended, prepared).
 *
 *   npx tsx bench/cancel.ts   (BENCH_CANCELS=3000 BENCH_PGBENCH_ORDERS=30000 BENCH_PGBENCH_SECONDS=20)
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import { createRuntime } from '../src/server/runtime.js';
import { orderNoOf, prepareOrders, seedCatalog, sessionTokenOf } from './lib/cancel-dataset.js';
import type { CancelJob, CancelResult } from './lib/cancel-client.js';
import { runChild } from './lib/child.js';
import { startCpuWindow, type CpuWindow } from './lib/cpu.js';
import { startWalWindow, type WalWindow } from './lib/wal.js';
import { HttpClient, agent } from './lib/http.js';
import { freshDatabase } from './lib/pg.js';
import { runPgbench, type PgbenchResult } from './lib/pgbench.js';
import { tracePg, type TracedQuery } from './lib/pg-trace.js';
import { profileCpu } from './lib/cpu-profile.js';
import { scriptStatements, shapeDiff, shapeOf } from './lib/sql-shape.js';
import { startStatementStats, type StatementStat } from './lib/statement-stats.js';
import { walByRelation, type WalPart } from './lib/wal-by-relation.js';
import { printTable } from './lib/stats.js';

const CANCELS = Number(process.env['BENCH_CANCELS'] ?? 3_000);
const LEVELS = [
  { concurrency: 1, orders: Math.min(CANCELS, 1_000) },
  { concurrency: 8, orders: CANCELS },
  { concurrency: 32, orders: CANCELS },
];
const WARMUP = 200;
const PROFILE = 300;
const LEVEL_BUDGET_MS = 90_000;
const PGBENCH_SECONDS = Number(process.env['BENCH_PGBENCH_SECONDS'] ?? 20);
const PGBENCH_CLIENTS = 8;
const PGBENCH_ORDERS = Number(process.env['BENCH_PGBENCH_ORDERS'] ?? 30_000);
const PGBENCH_MODES = ['simple', 'extended', 'prepared'] as const;
const SCRIPT = new URL('./sql/cancel.pgbench.sql', import.meta.url).pathname;
/** Issue targets at concurrency 8 (docs/benchmarks.md). */
const TARGET = {
  minimalShare: 0.25,
  p99: 40,
  pgCpuMs: 2,
  nodeCpuMs: 2,
  walBytes: 6_000,
  syncs: 0.8,
};
const MINIMAL_SCHEMA = new URL('./sql/minimal-cancel.schema.sql', import.meta.url).pathname;
const MINIMAL_SCRIPT = new URL('./sql/minimal-cancel.pgbench.sql', import.meta.url).pathname;
const MINIMAL_ORDERS = 60_000;
const MiB = 1024 * 1024;

const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
console.log(`load average before: ${loadavg()} (${os.cpus().length} CPUs)`);

// Order numbers are handed out in blocks: k = 1, 2, … (everything about order k follows from k).
const appOrders = 1 + 2 * PROFILE + LEVELS.reduce((n, l) => n + WARMUP + l.orders, 0) + 2 * WARMUP;
let nextK = 1;
const take = (n: number): number[] => Array.from({ length: n }, () => nextK++);
const pgbenchFrom = appOrders + 1;

const fresh = await freshDatabase();
const admin = new pg.Client({ connectionString: fresh.url });
await admin.connect();
const children: Promise<unknown>[] = [];
try {
  let t0 = performance.now();
  await seedCatalog(admin);
  await prepareOrders(admin, 1, appOrders);
  await prepareOrders(admin, pgbenchFrom, pgbenchFrom + PGBENCH_ORDERS * PGBENCH_MODES.length - 1);
  await admin.query('VACUUM (ANALYZE)');
  console.log(
    `prepared ${appOrders} orders for the app and ${PGBENCH_ORDERS * PGBENCH_MODES.length} for ` +
      `pgbench (2 lines each, paid, awaiting shipment) in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s (incl. VACUUM ANALYZE)`,
  );

  t0 = performance.now();
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: fresh.url, HOST: '127.0.0.1' });
  // No mail is sent and the outbox worker is not started: refunds stay 'approved', unpaid.
  // BENCH_LOG_LEVEL=error shows the app's errors (silent by default).
  const runtime = await createRuntime(config, {
    log: pino({ level: process.env['BENCH_LOG_LEVEL'] ?? 'silent' }),
    smtpUrl: 'smtp://127.0.0.1:9',
  });
  const app = await buildApp(runtime.deps);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const rssIdle = process.memoryUsage().rss;
  console.log(
    `app up at ${baseUrl} in ${(performance.now() - t0).toFixed(0)} ms, pool ` +
      `${config.dbPoolSize}, RSS ${(rssIdle / MiB).toFixed(0)} MiB; outbox worker not started`,
  );

  const levels: ({ concurrency: number; orders: number } & Awaited<ReturnType<typeof load>>)[] = [];
  /** Cancels `orders` from the client process; samples the app's RSS and CPU meanwhile. */
  const load = async (concurrency: number, orders: number[], warmup: number) => {
    const job: CancelJob = {
      baseUrl,
      orders: orders.map((k) => [orderNoOf(k), sessionTokenOf(k)]),
      opts: { concurrency, warmup, maxRequests: orders.length - warmup, maxMs: LEVEL_BUDGET_MS },
    };
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 50);
    const wal = await startWalWindow(admin, fresh.name);
    const cpu0 = process.cpuUsage();
    const window = startCpuWindow(admin, fresh.name);
    const child = runChild<CancelResult>(
      new URL('./lib/cancel-client.ts', import.meta.url),
      job,
      LEVEL_BUDGET_MS + 60_000,
    );
    children.push(child.catch(() => undefined));
    try {
      const result = await child;
      const cpu = process.cpuUsage(cpu0);
      const db: CpuWindow = await window.stop();
      const w = await wal.stop();
      // The CPU figures include the warm-up requests: divide by every request sent.
      const sent = result.used;
      return {
        walBytes: w.databaseBytes === null ? null : w.databaseBytes / sent,
        fpiBytes: w.databaseFpiBytes === null ? null : w.databaseFpiBytes / sent,
        clusterWalBytes: w.clusterBytes / sent,
        syncsPerCommit: w.clusterCommits ? w.clusterSyncs / w.clusterCommits : null,
        result,
        rssMax: Math.max(...rss, process.memoryUsage().rss),
        rssEnd: process.memoryUsage().rss,
        nodeCpuMs: (cpu.user + cpu.system) / 1000 / sent,
        dbCpuMs: db.backendMs / sent,
        machineBusy: db.machineBusy,
      };
    } finally {
      clearInterval(sampler);
    }
  };

  try {
    // The SQL of one cancellation: nothing else talks to the database meanwhile.
    const [captureK] = take(1);
    const shopper = new HttpClient(baseUrl);
    shopper.cookies.set('btp_sid', sessionTokenOf(captureK!));
    shopper.cookies.set('btp_csrf', 'bench-csrf-token-0123456789');
    const trace = tracePg();
    const res = await shopper.request(
      'POST',
      `/api/v1/orders/${orderNoOf(captureK!)}/cancellation`,
      { selection: 'all', reasonCode: 'price' },
      { 'idempotency-key': `bench-cancel-${orderNoOf(captureK!)}` },
    );
    trace.stop();
    if (res.status !== 200) throw new Error(`capture cancel: ${res.status} ${res.text}`);
    const shapes = trace.queries.map((q) => shapeOf(q.text));
    console.log(`\nSQL of one whole-order cancel (${shapes.length} statements, in order):`);
    console.log(shapes.map((sh, i) => `${i + 1}. ${sh}`).join('; '));
    // The NOTIFY after commit is coalesced per process (one in flight): the script leaves it out.
    const inTransaction = trace.queries
      .filter((q) => !/^select pg_notify/i.test(q.text))
      .map((q) => shapeOf(q.text));
    const drift = shapeDiff(inTransaction, scriptStatements(SCRIPT).map(shapeOf));
    console.log(
      drift.length === 0
        ? 'bench/sql/cancel.pgbench.sql runs the same statements (verb, table, rows, locks), ' +
            'without the NOTIFY after commit.'
        : `WARNING: bench/sql/cancel.pgbench.sql no longer matches the app:\n${drift.join('\n')}\n` +
            trace.queries
              .map(
                (q, i) =>
                  `${i + 1}. ${q.text.replace(/\s+/g, ' ')}\n   values: ${JSON.stringify(q.values)}`,
              )
              .join('\n'),
    );

    // Warm-up of the whole path (JIT, pool, caches) before anything is measured.
    await load(8, take(2 * WARMUP), 2 * WARMUP - 1);

    for (const level of LEVELS) {
      await admin.query('CHECKPOINT');
      const r = await load(level.concurrency, take(WARMUP + level.orders), WARMUP);
      levels.push({ ...level, ...r });
    }
    console.log(
      '\nWhole-order cancel over HTTP from a separate client process (outbox worker off; ' +
        `${WARMUP} warm-up cancels per level; CPU per cancel includes them)`,
    );
    printTable(
      levels.map((l) => ({
        concurrency: l.concurrency,
        cancels: l.result.count,
        errors: l.result.errors,
        'cancels/s': Math.round(l.result.rps),
        'p50 ms': l.result.p50,
        'p90 ms': l.result.p90,
        'p99 ms': l.result.p99,
        'max ms': l.result.max,
        'RSS max MiB': Math.round(l.rssMax / MiB),
        'RSS end MiB': Math.round(l.rssEnd / MiB),
        'node CPU ms': l.nodeCpuMs,
        'PG CPU ms': l.dbCpuMs,
        'WAL B': l.walBytes === null ? '?' : Math.round(l.walBytes),
        'FPI B': l.fpiBytes === null ? '?' : Math.round(l.fpiBytes),
        'cluster WAL B': Math.round(l.clusterWalBytes),
        'fsync/commit': l.syncsPerCommit === null ? '?' : l.syncsPerCommit.toFixed(2),
        'machine busy': `${Math.round(l.machineBusy * 100)}%`,
      })),
    );
    console.log(
      "CPU and WAL are per cancel, warm-up included. WAL B: this database's WAL records " +
        '(pg_waldump), of which FPI B full-page images; cluster WAL B and fsync/commit ' +
        '(pg_stat_wal fsyncs over commit records in the WAL) are cluster-wide and include ' +
        'anything else the shared server did meanwhile.',
    );
    for (const l of levels)
      if (l.result.firstError) console.log(`c=${l.concurrency}: ${l.result.firstError}`);

    // Where the time goes: every statement timed from the app's side of the connection.
    const profile = [];
    let cpuProfile;
    const statements: { concurrency: number; cancels: number; stats: StatementStat[] }[] = [];
    let walParts: WalPart[] | null = null;
    for (const concurrency of [1, 8]) {
      const tr = tracePg();
      const stats = await startStatementStats(admin);
      const lsn0 = await currentLsn(admin);
      let r;
      try {
        if (concurrency === 1) {
          const p = await profileCpu(() => load(concurrency, take(PROFILE), 0));
          r = p.result;
          cpuProfile = p.profile;
        } else r = await load(concurrency, take(PROFILE), 0);
      } finally {
        tr.stop();
      }
      if (stats)
        statements.push({ concurrency, cancels: r.result.used, stats: await stats.stop() });
      if (concurrency === 1 && stats)
        walParts = await walByRelation(admin, fresh.name, lsn0, await currentLsn(admin));
      const perCancel = (qs: TracedQuery[]) => qs.reduce((a, q) => a + q.ms, 0) / r.result.used;
      const session = tr.queries.filter((q) => q.text.includes('from "sessions"'));
      profile.push({
        concurrency,
        cancels: r.result.count,
        'latency mean ms': r.result.mean,
        'statements/cancel': tr.queries.length / r.result.used,
        'SQL round trips ms/cancel': perCancel(tr.queries),
        '…of which session lookup': perCancel(session),
        'rest (JS, HTTP, pool wait) ms': r.result.mean - perCancel(tr.queries),
        'mean statement ms': tr.queries.reduce((a, q) => a + q.ms, 0) / tr.queries.length,
        'node CPU ms/cancel': r.nodeCpuMs,
        'PG CPU ms/cancel': r.dbCpuMs,
      });
    }
    console.log('\nProfile (statements timed in the app process; tracing adds a little overhead)');
    printTable(profile);
    for (const st of statements) printStatementStats(st.concurrency, st.cancels, st.stats);
    if (walParts) printWalParts(walParts, PROFILE);
    if (statements.length === 0)
      console.log(
        '\n(per-statement figures need pg_stat_statements: run against bench/statement-cluster.sh)',
      );
    if (cpuProfile) {
      const perCancel = (ms: number) => ms / PROFILE;
      console.log(
        `\nApp process CPU at concurrency 1 (V8 sampling profiler, self time): ` +
          `${perCancel(cpuProfile.totalMs).toFixed(2)} ms per cancel`,
      );
      printTable(
        cpuProfile.byOwner.slice(0, 12).map((o) => ({
          'code in': o.owner,
          'ms/cancel': perCancel(o.ms),
          share: `${(o.share * 100).toFixed(1)}%`,
        })),
      );
      printTable(
        cpuProfile.top.map((f) => ({
          function: f.fn.slice(0, 70),
          'code in': f.owner,
          'ms/cancel': perCancel(f.ms),
          share: `${(f.share * 100).toFixed(1)}%`,
        })),
      );
    }
  } finally {
    await app.close();
    await runtime.close();
    agent.destroy();
  }

  // The database's limit: the same statements from pgbench, on orders prepared the same way.
  const pgbench: (PgbenchResult & { mode: string; db: CpuWindow })[] = [];
  for (const [i, mode] of PGBENCH_MODES.entries()) {
    const base = pgbenchFrom - 1 + i * PGBENCH_ORDERS;
    await admin.query('CHECKPOINT');
    const window = startCpuWindow(admin, fresh.name);
    const r = await runPgbench(
      fresh.url,
      [
        '-n',
        `-c${PGBENCH_CLIENTS}`,
        '-j2',
        `-T${PGBENCH_SECONDS}`,
        `-M${mode}`,
        `-Dbase=${base}`,
        `-Dstride=${PGBENCH_CLIENTS}`,
        '-Dn=0',
        '-f',
        SCRIPT,
      ],
      (PGBENCH_SECONDS + 60) * 1000,
    );
    const db = await window.stop();
    // Every transaction cancelled one fresh order of the range, and only those.
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM orders WHERE id > $1 AND id <= $2 AND status = 'cancelled'`,
      [base, base + PGBENCH_ORDERS],
    );
    if (rows[0]?.n !== r.transactions || r.failed > 0)
      console.log(
        `pgbench ${mode}: ${r.transactions} transactions, ${r.failed} failed, ` +
          `${rows[0]?.n} orders cancelled (range of ${PGBENCH_ORDERS})\n${r.output}`,
      );
    pgbench.push({ ...r, mode, db });
  }

  // The floor: the minimal cancellation transaction (11 round trips, prepared) on its own
  // small schema, in a database of its own.
  const minimalDb = `${fresh.name}_min`;
  await admin.query(`CREATE DATABASE "${minimalDb}"`);
  let minimal: (PgbenchResult & { db: CpuWindow; wal: WalWindow }) | null = null;
  try {
    const minimalUrl = new URL(fresh.url);
    minimalUrl.pathname = `/${minimalDb}`;
    execFileSync(
      'psql',
      [
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-v',
        `orders=${MINIMAL_ORDERS}`,
        '-f',
        MINIMAL_SCHEMA,
        minimalUrl.toString(),
      ],
      { stdio: 'ignore' },
    );
    await admin.query('CHECKPOINT');
    const wal = await startWalWindow(admin, minimalDb);
    const window = startCpuWindow(admin, minimalDb);
    const r = await runPgbench(
      minimalUrl.toString(),
      [
        '-n',
        `-c${PGBENCH_CLIENTS}`,
        '-j2',
        `-T${PGBENCH_SECONDS}`,
        '-Mprepared',
        `-Dstride=${PGBENCH_CLIENTS}`,
        '-Dn=0',
        '-f',
        MINIMAL_SCRIPT,
      ],
      (PGBENCH_SECONDS + 60) * 1000,
    );
    minimal = { ...r, db: await window.stop(), wal: await wal.stop() };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${minimalDb}" WITH (FORCE)`);
  }

  // The same effects: rows written per cancel, for an app-cancelled and a pgbench-cancelled order.
  const footprint = async (k: number) => {
    const { rows } = await admin.query(
      `SELECT o.status, o.refund_status, o.shipping_refunded,
         (SELECT count(*) FROM cancellations WHERE order_id = o.id AND whole)::int AS cancellations,
         (SELECT count(*) FROM cancellation_lines cl JOIN cancellations c ON c.id = cl.cancellation_id
           WHERE c.order_id = o.id)::int AS cancellation_lines,
         (SELECT sum(qty_ordered - qty_cancelled) FROM order_lines WHERE order_id = o.id)::int
           AS units_left,
         (SELECT sum(refunded_fen) FROM order_lines WHERE order_id = o.id)::int + o.shipping_fen
           - o.paid_fen AS refunded_minus_paid,
         (SELECT count(*) FROM stock_movements WHERE order_id = o.id AND kind = 'release')::int
           AS releases,
         (SELECT count(*) FROM refunds WHERE order_id = o.id AND amount_fen = o.paid_fen)::int
           AS refunds,
         (SELECT count(*) FROM refund_events e JOIN refunds r ON r.id = e.refund_id
           WHERE r.order_id = o.id)::int AS refund_events,
         (SELECT count(*) FROM order_events WHERE order_id = o.id)::int AS timeline,
         (SELECT count(*) FROM audit_log WHERE entity_type = 'order'
           AND entity_id = o.id::text)::int AS audit,
         (SELECT count(*) FROM outbox WHERE payload->>'refundId' IN
           (SELECT id::text FROM refunds WHERE order_id = o.id))::int AS outbox,
         (SELECT count(*) FROM idempotency_keys WHERE user_id = o.shopper_id
           AND response_status = 200)::int AS idempotency_keys
       FROM orders o WHERE o.id = $1`,
      [k],
    );
    return JSON.stringify(rows[0]);
  };
  const appPrint = await footprint(1);
  const pgbPrint = await footprint(pgbenchFrom);
  console.log(`\nrows per cancel, app:     ${appPrint}`);
  console.log(`rows per cancel, pgbench: ${pgbPrint}${appPrint === pgbPrint ? ' (same)' : ''}`);

  console.log(
    `\npgbench -n -c ${PGBENCH_CLIENTS} -j 2 -T ${PGBENCH_SECONDS} -f bench/sql/cancel.pgbench.sql`,
  );
  printTable(
    pgbench.map((r) => ({
      protocol: r.mode,
      transactions: r.transactions,
      failed: r.failed,
      tps: Math.round(r.tps),
      'avg ms': r.latencyAvg,
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      'PG CPU ms/tx': r.db.backendMs / r.transactions,
      'machine busy': `${Math.round(r.db.machineBusy * 100)}%`,
    })),
  );
  if (minimal) {
    console.log(
      `\nminimal cancel (bench/sql/minimal-cancel.pgbench.sql, 11 round trips, -M prepared, ` +
        `${PGBENCH_CLIENTS} clients, ${PGBENCH_SECONDS} s, own schema and database)`,
    );
    printTable([
      {
        transactions: minimal.transactions,
        failed: minimal.failed,
        tps: Math.round(minimal.tps),
        'p50 ms': minimal.latency.p50,
        'p99 ms': minimal.latency.p99,
        'PG CPU ms/tx': minimal.db.backendMs / minimal.transactions,
        'WAL B/tx':
          minimal.wal.databaseBytes === null
            ? '?'
            : Math.round(minimal.wal.databaseBytes / minimal.transactions),
        'fsync/commit': minimal.wal.clusterCommits
          ? (minimal.wal.clusterSyncs / minimal.wal.clusterCommits).toFixed(2)
          : '?',
      },
    ]);
  }
  const c8 = levels.find((l) => l.concurrency === PGBENCH_CLIENTS);
  const c32 = levels.find((l) => l.concurrency === 32);
  // The app sends named prepared statements, so `prepared` is the like-for-like mode.
  for (const limit of pgbench.filter((r) => r.mode === 'prepared' || r.mode === 'simple'))
    if (c8)
      console.log(
        `${limit.mode === 'prepared' ? '\n' : ''}app at concurrency ${PGBENCH_CLIENTS}: ` +
          `${Math.round(c8.result.rps)} cancels/s = ` +
          `${((100 * c8.result.rps) / limit.tps).toFixed(0)}% of pgbench's ` +
          `${Math.round(limit.tps)} tps on the same statements (${limit.mode})`,
      );
  if (c8) {
    const check = (name: string, value: number | null, ok: (v: number) => boolean, unit = '') =>
      console.log(
        `  ${name}: ${value === null ? '?' : `${value.toFixed(2)}${unit}`} — ` +
          `${value !== null && ok(value) ? 'met' : 'MISSED'}`,
      );
    console.log(`\ntargets at concurrency ${PGBENCH_CLIENTS}:`);
    if (minimal)
      check(
        `cancels/s as a share of the minimal cancel (≥ ${TARGET.minimalShare * 100}%)`,
        (100 * c8.result.rps) / minimal.tps,
        (v) => v >= TARGET.minimalShare * 100,
        '%',
      );
    check(
      `PostgreSQL CPU per cancel (≤ ${TARGET.pgCpuMs} ms)`,
      c8.dbCpuMs,
      (v) => v <= TARGET.pgCpuMs,
      ' ms',
    );
    check(
      `Node CPU per cancel (≤ ${TARGET.nodeCpuMs} ms)`,
      c8.nodeCpuMs,
      (v) => v <= TARGET.nodeCpuMs,
      ' ms',
    );
    check(
      `WAL per cancel (≤ ${TARGET.walBytes} B)`,
      c8.walBytes,
      (v) => v <= TARGET.walBytes,
      ' B',
    );
    check(
      `WAL fsyncs per commit, cluster-wide (≤ ${TARGET.syncs})`,
      c8.syncsPerCommit,
      (v) => v <= TARGET.syncs,
    );
    check(`p99 (≤ ${TARGET.p99} ms)`, c8.result.p99, (v) => v <= TARGET.p99, ' ms');
    if (c32)
      check(
        'cancels/s at concurrency 32 against 8 (≥ 100%)',
        (100 * c32.result.rps) / c8.result.rps,
        (v) => v >= 100,
        '%',
      );
  }
  console.log(`load average after: ${loadavg()}`);
} finally {
  await Promise.all(children);
  await admin.end();
  await fresh.drop();
}

async function currentLsn(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ lsn: string }>(
    'SELECT pg_current_wal_insert_lsn()::text AS lsn',
  );
  return rows[0]!.lsn;
}

/** The cancel's statements as PostgreSQL saw them: time, WAL and buffers per cancel. */
function printStatementStats(concurrency: number, cancels: number, stats: StatementStat[]) {
  const mine = stats.filter((s) => s.calls >= cancels / 4);
  const per = (v: number) => v / cancels;
  console.log(
    `\nPer statement at concurrency ${concurrency} (pg_stat_statements, ${cancels} cancels; ` +
      'times are wall time inside the backend: at concurrency 1 that is CPU, except COMMIT, ' +
      'which waits for the WAL flush)',
  );
  printTable(
    mine.map((s) => ({
      statement: shapeOf(s.query).slice(0, 40),
      'calls/cancel': per(s.calls),
      'plans/cancel': per(s.plans),
      'plan ms': per(s.planMs),
      'exec ms': per(s.execMs),
      'rows/cancel': per(s.rows),
      'WAL B': Math.round(per(s.walBytes)),
      'WAL records': per(s.walRecords),
      FPI: per(s.walFpi),
      'buffers hit': per(s.blocksHit),
      dirtied: per(s.blocksDirtied),
    })),
  );
  const sum = (f: (s: StatementStat) => number) => per(mine.reduce((a, s) => a + f(s), 0));
  console.log(
    `total: plan ${sum((s) => s.planMs).toFixed(3)} ms, exec ${sum((s) => s.execMs).toFixed(3)} ` +
      `ms, WAL ${Math.round(sum((s) => s.walBytes))} B per cancel`,
  );
}

/** WAL per cancel by the table or index it changed (heap and index records apart). */
function printWalParts(parts: WalPart[], cancels: number) {
  const total = parts.reduce((a, p) => a + p.bytes, 0);
  console.log(`\nWAL by relation at concurrency 1 (pg_waldump, ${cancels} cancels)`);
  printTable(
    parts
      .filter((p) => p.bytes / cancels >= 20)
      .map((p) => ({
        'table, index or record': p.part,
        'records/cancel': p.records / cancels,
        'B/cancel': Math.round(p.bytes / cancels),
        'FPI B/cancel': Math.round(p.fpiBytes / cancels),
        share: `${((100 * p.bytes) / total).toFixed(1)}%`,
      })),
  );
  console.log(`total ${Math.round(total / cancels)} B per cancel`);
}
