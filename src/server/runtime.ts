import pino, { type Logger } from 'pino';
import type { AppConfig } from './platform/config.js';
import { systemClock, type Clock } from './platform/clock/clock.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { runMigrations } from './platform/db/migrate.js';
import {
  createLogSmsSender,
  createSmtpMailer,
  type Mailer,
  type SmsSender,
} from './platform/mail/mailer.js';
import { OutboxRegistry } from './platform/outbox/outbox.js';
import { OutboxWorker } from './platform/outbox/worker.js';
import type { PaymentProvider } from './modules/payments/provider/payment-provider.js';
import { createSandboxProvider } from './modules/payments/provider/sandbox-provider.js';
import { registerConsumers } from './consumers.js';
import type { Deps } from './deps.js';

export interface RuntimeOverrides {
  database?: Database;
  clock?: Clock;
  log?: Logger;
  mailer?: Mailer;
  sms?: SmsSender;
  payments?: PaymentProvider;
  /** SMTP URL to use when config.smtpUrl is unset (the embedded capture). */
  smtpUrl?: string;
}

export interface Runtime {
  deps: Deps;
  worker: OutboxWorker;
  close(): Promise<void>;
}

/** The composition root: opens the database, migrates, and wires every dependency once. */
export async function createRuntime(config: AppConfig, o: RuntimeOverrides = {}): Promise<Runtime> {
  const log = o.log ?? pino({ level: config.logLevel });
  const database =
    o.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: `${config.dataDir}/pglite`,
      poolSize: config.dbPoolSize,
    }));
  await runMigrations(database);
  const smtpUrl = config.smtpUrl ?? o.smtpUrl;
  if (!o.mailer && !smtpUrl) throw new Error('No SMTP server: set SMTP_URL');
  const mailer = o.mailer ?? createSmtpMailer(smtpUrl ?? '', config.mailFrom);
  const clock = o.clock ?? systemClock;
  const deps: Deps = {
    config,
    database,
    clock,
    outbox: new OutboxRegistry(clock),
    mailer,
    sms: o.sms ?? createLogSmsSender(database.db, log),
    payments:
      o.payments ??
      createSandboxProvider({
        baseUrl: config.sandboxPay.url,
        apiKey: config.sandboxPay.apiKey,
        webhookSecret: config.sandboxPay.webhookSecret,
      }),
    log,
  };
  registerConsumers(deps);
  const worker = new OutboxWorker(
    database,
    deps.outbox,
    deps.clock,
    log.child({ component: 'worker' }),
    {
      concurrency: config.workerConcurrency,
    },
  );
  return {
    deps,
    worker,
    async close() {
      await worker.stop();
      mailer.close();
      if (!o.database) await database.close();
    },
  };
}
