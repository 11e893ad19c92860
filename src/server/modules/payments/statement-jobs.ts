import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { PROVIDER_NAMES } from '../../platform/payment-channels/channel-provider.js';
import { reconcileStatement } from './statement-run.js';

export const STATEMENTS_DAILY_TOPIC = 'payments.statements_daily';
export const STATEMENT_TOPIC = 'payments.statement';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/**
 * A provider that cannot hand over its statement is asked again with the outbox's backoff
 * (doubling, at most an hour apart): 16 tries span about five hours.
 */
const STATEMENT_ATTEMPTS = 16;

/** The Shanghai calendar day (YYYY-MM-DD) `at` falls on, `offsetDays` later. */
export function shanghaiDay(at: Date, offsetDays = 0): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS + offsetDays * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/** The instant of `hour`:00 Shanghai time on `day`. */
function atShanghaiHour(day: string, hour: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + hour * 3_600_000);
}

/** One daily run across every worker: the event id names the Shanghai day it runs on. */
function dailyEventId(day: string): string {
  return `payments.statements_daily@${day}`;
}

/**
 * The daily 对账 job: at STATEMENT_HOUR (Shanghai) it queues, per configured channel, the
 * statement of the day before; each is its own job, retried while the provider cannot deliver.
 */
export function registerStatementJobs(deps: Deps): void {
  deps.outbox.subscribe(STATEMENTS_DAILY_TOPIC, 'payments.statements_daily', async (_e, ctx) => {
    const today = shanghaiDay(ctx.now);
    const day = shanghaiDay(ctx.now, -1);
    for (const provider of PROVIDER_NAMES) {
      if (!deps.channels.get(provider)) continue;
      await deps.outbox.emit(
        deps.database.db,
        STATEMENT_TOPIC,
        { provider, day },
        { eventId: `payments.statement@${provider}@${day}` },
      );
    }
    const tomorrow = shanghaiDay(ctx.now, 1);
    await deps.outbox.emit(
      deps.database.db,
      STATEMENTS_DAILY_TOPIC,
      {},
      {
        runAt: atShanghaiHour(tomorrow, deps.config.statementHour),
        eventId: dailyEventId(tomorrow),
      },
    );
    deps.log.info({ day, today }, 'statement reconciliation queued');
  });
  deps.outbox.subscribe(
    STATEMENT_TOPIC,
    'payments.statement',
    async (event) => {
      try {
        await reconcileStatement(deps, event.payload.provider, event.payload.day);
      } catch (err) {
        // A channel no longer configured has nothing to fetch; anything else is tried again.
        if (err instanceof DomainError) {
          deps.log.warn({ err, ...event.payload }, 'statement reconciliation skipped');
          return;
        }
        throw err;
      }
    },
    STATEMENT_ATTEMPTS,
  );
}

/** Starts the daily cycle at today's hour, or now when it has passed (every worker calls it). */
export async function scheduleStatementReconciliation(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const today = shanghaiDay(now);
  const at = atShanghaiHour(today, deps.config.statementHour);
  await deps.outbox.emit(
    deps.database.db,
    STATEMENTS_DAILY_TOPIC,
    {},
    { runAt: at > now ? at : now, eventId: dailyEventId(today) },
  );
}
