import type { Logger } from 'pino';
import type { AppConfig } from './platform/config.js';
import type { Clock } from './platform/clock/clock.js';
import type { Database } from './platform/db/client.js';
import type { AppOutbox } from './events.js';
import type { Mailer } from './platform/mail/mailer.js';
import type { SmsSender } from './platform/sms/sms-sender.js';
import type { Metrics } from './platform/metrics/metrics.js';
import type { Tracing } from './platform/tracing.js';
import type { PaymentProvider } from './platform/payment-provider/payment-provider.js';
import type { PaymentChannels } from './platform/payment-channels/registry.js';

/** Everything a module needs from the outside world, built once by the composition root. */
export interface Deps {
  config: AppConfig;
  database: Database;
  clock: Clock;
  outbox: AppOutbox;
  mailer: Mailer;
  sms: SmsSender;
  /** The sandbox provider: the default, and the one every payment before channels used. */
  payments: PaymentProvider;
  /** The real channels configured (PAYMENT_PROVIDERS), by name. */
  channels: PaymentChannels;
  log: Logger;
  metrics: Metrics;
  /** OpenTelemetry tracing, when a collector is configured. */
  tracing?: Tracing;
}
