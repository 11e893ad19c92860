import path from 'node:path';
import pino from 'pino';
import { buildSandboxPayApp } from './sandbox-pay/app.js';
import { buildApp } from './app.js';
import { lockDataDir } from './data-dir-lock.js';
import { loadConfig, type AppConfig } from './platform/config.js';
import { startSmtpCapture } from './platform/mail/smtp-capture.js';
import { openDatabase } from './platform/db/client.js';
import { runMigrations } from './platform/db/migrate.js';
import { readSchemaVersion } from './platform/db/schema-version.js';
import { assertProductionReady } from './platform/production-checks.js';
import { createOperatorCommand } from './cli/create-operator-command.js';
import { scheduleRefundReconciliation } from './modules/refunds/jobs.js';
import { scheduleRetention } from './modules/retention/jobs.js';
import { scheduleStatementReconciliation } from './modules/payments/statement-jobs.js';
import { createRuntime } from './runtime.js';
import { seedDemo, type DemoPayer } from './seed/seed.js';
import { runWithRequestId } from './platform/audit-context.js';
import type { Deps } from './deps.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo-users.js';
import { startOpsServer } from './platform/metrics/ops-server.js';
import { readiness } from './platform/health.js';
import type { Runtime } from './runtime.js';
import { COMMANDS, type CommandName } from './commands.js';

type Closer = () => Promise<void>;

function onShutdown(closers: Closer[]): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: shutting down…`);
    void (async () => {
      for (const close of closers.reverse())
        await close().catch((err: unknown) => console.error(err));
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function banner(config: AppConfig, embedded: boolean): string {
  const accounts = DEMO_USERS.map((u) => `    ${u.email.padEnd(24)} ${u.mobile}  (${u.role})`);
  return [
    '',
    `  B特派 is running at ${config.publicUrl} (${config.appEnv})`,
    `  API docs: ${config.publicUrl}/docs   Sandbox payments: ${config.sandboxPay.url}`,
    `  Database: ${embedded ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    ...(config.seedDemo ? [`  Demo accounts (password ${DEMO_PASSWORD}):`, ...accounts] : []),
    '',
  ].join('\n');
}

/**
 * Pays demo orders at the payment provider through its own pay page, so their refunds work like
 * any other; if the provider cannot be reached the demo order keeps a local payment record.
 */
function demoPayer(deps: Deps): DemoPayer {
  return async (orderNo, amountFen, key, channel) => {
    try {
      const payment = await deps.payments.createPayment({
        idempotencyKey: key,
        amountFen,
        merchantOrderNo: orderNo,
        description: `B特派订单 ${orderNo}`,
        returnUrl: `${deps.config.publicUrl}/orders/${orderNo}?paid=1`,
        notifyUrl: deps.channels.notifyUrl(deps.config.publicUrl, 'sandbox'),
      });
      const res = await fetch(`${payment.payUrl}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ channel }).toString(),
        redirect: 'manual',
      });
      if (res.status !== 303) throw new Error(`pay page answered ${res.status}`);
      return payment.id;
    } catch (err) {
      deps.log.warn({ err, orderNo }, 'demo order not paid at the provider; its refund will fail');
      return `demo_${orderNo}`;
    }
  };
}

/** The ops port (METRICS_PORT), when configured: metrics and health off the public port. */
async function startOps(
  config: AppConfig,
  runtime: Runtime,
  withWorker: boolean,
): Promise<Closer | null> {
  if (config.metricsPort === undefined) return null;
  const ops = await startOpsServer({
    port: config.metricsPort,
    host: config.metricsHost,
    metrics: runtime.deps.metrics,
    token: config.metricsToken,
    ready: () => readiness(runtime.deps.database, withWorker ? runtime.worker : undefined),
  });
  runtime.deps.log.info({ url: ops.url }, 'ops port: /metrics, /healthz, /readyz');
  return () => ops.close();
}

/** Everything in one process: web, API, worker, sandbox payment provider, mail capture. */
async function serve(config: AppConfig): Promise<void> {
  assertProductionReady(config, 'serve');
  if (config.appEnv === 'production' && config.seedDemo) {
    console.warn('SEED_DEMO=true in production: demo accounts with a public password are created.');
  }
  const closers: Closer[] = [];
  onShutdown(closers);
  const embedded = !config.databaseUrl;
  if (embedded) closers.push(await lockDataDir(config.dataDir));

  if (config.sandboxPay.embedded) {
    const sandbox = await buildSandboxPayApp({
      publicUrl: config.sandboxPay.url,
      apiKey: config.sandboxPay.apiKey,
      webhookSecret: config.sandboxPay.webhookSecret,
      dataFile: path.join(config.dataDir, 'sandbox-pay.json'),
      settlementScale: config.sandboxPay.settlementScale,
    });
    await sandbox.listen({ port: config.sandboxPay.port, host: config.host });
    closers.push(() => sandbox.close());
  }

  const log = pino({ level: config.logLevel });
  const database = await openDatabase({
    url: config.databaseUrl,
    listenUrl: config.listenDatabaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    poolSize: config.dbPoolSize,
    namedStatements: config.namedStatements,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    log: log.child({ component: 'db' }),
  });
  closers.push(() => database.close());
  let smtpUrl: string | undefined;
  if (!config.smtpUrl) {
    const capture = await startSmtpCapture(database.db, config.smtpCapturePort);
    closers.push(() => capture.close());
    smtpUrl = capture.url;
  }
  const runtime = await createRuntime(config, { database, log, ...(smtpUrl ? { smtpUrl } : {}) });
  closers.push(() => runtime.close());
  if (config.seedDemo) {
    // Demo data is on the audit trail as the seed's doing, not as an anonymous change.
    await runWithRequestId('seed:demo', () =>
      seedDemo(
        database.db,
        runtime.deps.outbox,
        runtime.deps.log,
        new Date(),
        demoPayer(runtime.deps),
      ),
    );
  }
  // With RUN_WORKER=false the outbox is left to `worker` processes.
  const worker = config.runWorker ? runtime.worker : undefined;
  const app = await buildApp(runtime.deps, { serveWeb: true, ...(worker ? { worker } : {}) });
  await app.listen({ port: config.port, host: config.host });
  closers.push(() => app.close());
  if (worker) {
    await worker.start();
    await scheduleRefundReconciliation(runtime.deps);
    await scheduleRetention(runtime.deps);
    await scheduleStatementReconciliation(runtime.deps);
  }
  const ops = await startOps(config, runtime, worker !== undefined);
  if (ops) closers.push(ops);
  console.log(banner(config, embedded));
}

/** A worker alone: several can share one PostgreSQL through SKIP LOCKED. */
async function worker(config: AppConfig): Promise<void> {
  if (!config.databaseUrl) throw new Error('The worker command needs DATABASE_URL (PostgreSQL).');
  assertProductionReady(config, 'worker');
  const runtime = await createRuntime(config);
  const closers: Closer[] = [() => runtime.close()];
  onShutdown(closers);
  await runtime.worker.start();
  await scheduleRefundReconciliation(runtime.deps);
  await scheduleRetention(runtime.deps);
  await scheduleStatementReconciliation(runtime.deps);
  const ops = await startOps(config, runtime, true);
  if (ops) closers.push(ops);
  else
    runtime.deps.log.warn('no health endpoint: set METRICS_PORT for /healthz, /readyz, /metrics');
  runtime.deps.log.info('worker started');
}

async function sandboxOnly(config: AppConfig): Promise<void> {
  const sandbox = await buildSandboxPayApp({
    publicUrl: config.sandboxPay.url,
    apiKey: config.sandboxPay.apiKey,
    webhookSecret: config.sandboxPay.webhookSecret,
    dataFile: path.join(config.dataDir, 'sandbox-pay.json'),
    settlementScale: config.sandboxPay.settlementScale,
    logger: true,
  });
  onShutdown([() => sandbox.close()]);
  await sandbox.listen({ port: config.sandboxPay.port, host: config.host });
}

/** The one command that changes the schema; on PostgreSQL run it as the owner role. */
async function migrateOnly(config: AppConfig): Promise<void> {
  const release = config.databaseUrl ? null : await lockDataDir(config.dataDir);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    poolSize: 2,
  });
  try {
    const before = await readSchemaVersion(database);
    await runMigrations(database);
    const after = await readSchemaVersion(database);
    console.log(
      `Migrations applied: ${after.applied - before.applied} new; schema at ${after.applied} of ${after.shipped}.`,
    );
  } finally {
    await database.close();
    await release?.();
  }
}

const commands: Record<CommandName, (config: AppConfig, args: string[]) => Promise<void>> = {
  serve,
  worker,
  'sandbox-pay': sandboxOnly,
  migrate: migrateOnly,
  'create-operator': createOperatorCommand,
};

/** The message and its causes: a failed query's own reason (e.g. permission denied) included. */
function describeFailure(err: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = err; e !== undefined && lines.length < 4;) {
    if (e instanceof Error) {
      lines.push(e.message.split('\nparams:')[0] ?? e.message);
      e = e.cause;
    } else {
      lines.push(typeof e === 'string' ? e : JSON.stringify(e));
      e = undefined;
    }
  }
  return lines.join('\n  caused by: ');
}

const name = process.argv[2] ?? 'serve';
const command = (COMMANDS as readonly string[]).includes(name)
  ? commands[name as CommandName]
  : undefined;
if (!command) {
  console.error(`Unknown command "${name}". Use one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
try {
  await command(loadConfig(), process.argv.slice(3));
} catch (err) {
  console.error(describeFailure(err));
  process.exit(1);
}
