import path from 'node:path';
import { buildSandboxPayApp } from './sandbox-pay/app.js';
import { buildApp } from './app.js';
import { lockDataDir } from './data-dir-lock.js';
import { loadConfig, type AppConfig } from './platform/config.js';
import { startSmtpCapture } from './platform/mail/smtp-capture.js';
import { openDatabase } from './platform/db/client.js';
import { runMigrations } from './platform/db/migrate.js';
import { scheduleRefundReconciliation } from './modules/refunds/jobs.js';
import { createRuntime } from './runtime.js';
import { seedDemo, type DemoPayer } from './seed/seed.js';
import { runWithRequestId } from './platform/audit-context.js';
import type { Deps } from './deps.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed/demo-users.js';

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
  const accounts = DEMO_USERS.map((u) => `    ${u.email.padEnd(24)} ${u.mobile}  (${u.role})`).join(
    '\n',
  );
  return [
    '',
    `  B特派 is running at ${config.publicUrl}`,
    `  API docs: ${config.publicUrl}/docs   Sandbox payments: ${config.sandboxPay.url}`,
    `  Database: ${embedded ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  Demo accounts (password ${DEMO_PASSWORD}):`,
    accounts,
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
        notifyUrl: `${deps.config.publicUrl}/api/v1/webhooks/sandbox-pay`,
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

/** Everything in one process: web, API, worker, sandbox payment provider, mail capture. */
async function serve(config: AppConfig): Promise<void> {
  const closers: Closer[] = [];
  onShutdown(closers);
  const embedded = !config.databaseUrl;
  if (embedded) closers.push(await lockDataDir(config.dataDir));

  if (!process.env['SANDBOX_PAY_URL']) {
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

  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
    poolSize: config.dbPoolSize,
  });
  closers.push(() => database.close());
  let smtpUrl: string | undefined;
  if (!config.smtpUrl) {
    const capture = await startSmtpCapture(database.db, config.smtpCapturePort);
    closers.push(() => capture.close());
    smtpUrl = capture.url;
  }
  const runtime = await createRuntime(config, { database, ...(smtpUrl ? { smtpUrl } : {}) });
  closers.push(() => runtime.close());
  if (process.env['SEED_DEMO'] !== 'false') {
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
  const app = await buildApp(runtime.deps, { serveWeb: true });
  await app.listen({ port: config.port, host: config.host });
  closers.push(() => app.close());
  await runtime.worker.start();
  await scheduleRefundReconciliation(runtime.deps);
  console.log(banner(config, embedded));
}

/** A worker alone: several can share one PostgreSQL through SKIP LOCKED. */
async function worker(config: AppConfig): Promise<void> {
  if (!config.databaseUrl) throw new Error('The worker command needs DATABASE_URL (PostgreSQL).');
  const runtime = await createRuntime(config);
  onShutdown([() => runtime.close()]);
  await runtime.worker.start();
  await scheduleRefundReconciliation(runtime.deps);
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

async function migrateOnly(config: AppConfig): Promise<void> {
  const release = config.databaseUrl ? null : await lockDataDir(config.dataDir);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: path.join(config.dataDir, 'pglite'),
  });
  await runMigrations(database);
  await database.close();
  await release?.();
  console.log('migrations applied');
}

const commands: Record<string, (config: AppConfig) => Promise<void>> = {
  serve,
  worker,
  'sandbox-pay': sandboxOnly,
  migrate: migrateOnly,
};

const name = process.argv[2] ?? 'serve';
const command = commands[name];
if (!command) {
  console.error(`Unknown command "${name}". Use one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
try {
  await command(loadConfig());
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
