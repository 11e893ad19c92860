import type { Logger } from 'pino';
import type { AppConfig } from './platform/config.js';
import type { Clock } from './platform/clock/clock.js';
import type { Database } from './platform/db/client.js';
import type { OutboxRegistry } from './platform/outbox/outbox.js';
import type { Mailer, SmsSender } from './platform/mail/mailer.js';
import type { PaymentProvider } from './modules/payments/provider/payment-provider.js';

/** Everything a module needs from the outside world, built once by the composition root. */
export interface Deps {
  config: AppConfig;
  database: Database;
  clock: Clock;
  outbox: OutboxRegistry;
  mailer: Mailer;
  sms: SmsSender;
  payments: PaymentProvider;
  log: Logger;
}
