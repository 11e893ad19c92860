import type { Logger } from 'pino';
import { createLogger } from './platform/logging.js';
import type { AppConfig } from './platform/config.js';
import { systemClock, type Clock } from './platform/clock/clock.js';
import { openDatabase, type Database } from './platform/db/client.js';
import { prepareSchema } from './platform/db/schema-version.js';
import { createSmtpMailer, type Mailer } from './platform/mail/mailer.js';
import type { SmsSender } from './platform/sms/sms-sender.js';
import { createSmsSender } from './platform/sms/create-sms-sender.js';
import { createMetrics } from './platform/metrics/metrics.js';
import { installBusinessMetrics } from './platform/metrics/business-metrics.js';
import { startTracing } from './platform/tracing.js';
import { OutboxRegistry } from './platform/outbox/outbox.js';
import { OutboxWorker } from './platform/outbox/worker.js';
import type { PaymentProvider } from './platform/payment-provider/payment-provider.js';
import { createSandboxProvider } from './platform/payment-provider/sandbox-provider.js';
import type { ChannelProvider } from './platform/payment-channels/channel-provider.js';
import { loadProviderSettings } from './platform/payment-channels/config.js';
import {
  channelsFromSettings,
  createPaymentChannels,
  formActionOrigins,
  type PaymentChannels,
} from './platform/payment-channels/registry.js';
import { registerConsumers } from './consumers.js';
import { EVENTS } from './events.js';
import type { Deps } from './deps.js';

export interface RuntimeOverrides {
  database?: Database;
  clock?: Clock;
  log?: Logger;
  mailer?: Mailer;
  sms?: SmsSender;
  payments?: PaymentProvider;
  /** The real channels to run instead of those PAYMENT_PROVIDERS configures. */
  channels?: readonly ChannelProvider[];
  /** SMTP URL to use when config.smtpUrl is unset (the embedded capture). */
  smtpUrl?: string;
}

export interface Runtime {
  deps: Deps;
  worker: OutboxWorker;
  close(): Promise<void>;
}

/** The channels PAYMENT_PROVIDERS lists, with the form targets their pay pages need. */
function channelsFromEnvironment(): PaymentChannels {
  const settings = loadProviderSettings();
  return createPaymentChannels(channelsFromSettings(settings), {
    formActionOrigins: formActionOrigins(settings),
  });
}

/**
 * The composition root: opens the database, makes sure its schema is current (migrating only the
 * embedded one), and wires every dependency once.
 */
export async function createRuntime(config: AppConfig, o: RuntimeOverrides = {}): Promise<Runtime> {
  const log = o.log ?? createLogger(config.logLevel);
  const database =
    o.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: `${config.dataDir}/pglite`,
      listenUrl: config.listenDatabaseUrl,
      poolSize: config.dbPoolSize,
      namedStatements: config.namedStatements,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      log: log.child({ component: 'db' }),
    }));
  await prepareSchema(database);
  const smtpUrl = config.smtpUrl ?? o.smtpUrl;
  if (!o.mailer && !smtpUrl) throw new Error('No SMTP server: set SMTP_URL');
  const mailer = o.mailer ?? createSmtpMailer(smtpUrl ?? '', config.mailFrom);
  const clock = o.clock ?? systemClock;
  const metrics = createMetrics(database);
  installBusinessMetrics(metrics, database, clock);
  const deps: Deps = {
    config,
    database,
    clock,
    outbox: new OutboxRegistry(clock, EVENTS),
    mailer,
    sms: o.sms ?? createSmsSender(config, database.db, log),
    payments:
      o.payments ??
      createSandboxProvider({
        baseUrl: config.sandboxPay.url,
        apiKey: config.sandboxPay.apiKey,
        webhookSecret: config.sandboxPay.webhookSecret,
      }),
    // Each listed channel must have all its settings, else start-up stops naming what is missing.
    channels: o.channels ? createPaymentChannels(o.channels) : channelsFromEnvironment(),
    log,
    metrics,
    ...(config.tracing ? { tracing: startTracing(config.tracing) } : {}),
  };
  registerConsumers(deps);
  const worker = new OutboxWorker(
    database,
    deps.outbox,
    deps.clock,
    log.child({ component: 'worker' }),
    {
      concurrency: config.workerConcurrency,
      slowJobMs: config.slowJobMs,
      onJob(consumer, outcome, seconds) {
        metrics.jobs.inc({ consumer, outcome });
        metrics.jobSeconds.observe({ consumer }, seconds);
      },
    },
  );
  return {
    deps,
    worker,
    async close() {
      await worker.stop();
      await deps.tracing?.shutdown();
      mailer.close();
      if (!o.database) await database.close();
    },
  };
}
