import type { RetentionSettings } from '../../../contracts/retention.js';
import type { Deps } from '../../deps.js';
import type { Executor } from '../../platform/db/client.js';
import { pruneOutboxDone } from './outbox-prune.js';
import {
  pruneIdempotencyKeys,
  pruneSentMessages,
  pruneSessions,
  pruneWebhookReceipts,
} from './prune-queries.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Pruner = (db: Executor, cutoff: Date, limit: number) => Promise<number>;

/** Each table, its pruner and its cutoff from the settings. */
export function pruneTargets(s: RetentionSettings, now: Date) {
  const before = (ms: number) => new Date(now.getTime() - ms);
  return [
    { table: 'outbox', prune: pruneOutboxDone, cutoff: before(s.outboxDoneDays * DAY) },
    { table: 'sessions', prune: pruneSessions, cutoff: before(s.expiredSessionDays * DAY) },
    {
      table: 'idempotency_keys',
      prune: pruneIdempotencyKeys,
      cutoff: before(s.idempotencyKeyHours * HOUR),
    },
    {
      table: 'webhook_receipts',
      prune: pruneWebhookReceipts,
      cutoff: before(s.webhookReceiptDays * DAY),
    },
    {
      table: 'outgoing_messages',
      prune: pruneSentMessages,
      cutoff: before(s.sentMessageDays * DAY),
    },
  ] satisfies { table: string; prune: Pruner; cutoff: Date }[];
}

/** How long one run may spend per table before it leaves the rest to the next run. */
const BUDGET_MS = 20_000;

/**
 * One pruning run: per table, batches of `batchSize` (each its own short statement, so no long
 * lock and no huge transaction) until a batch comes back short or the time budget is spent.
 * Returns the rows deleted per table.
 */
export async function pruneAll(
  deps: Deps,
  s: RetentionSettings,
  now: Date,
): Promise<Record<string, number>> {
  const { db } = deps.database;
  const deleted: Record<string, number> = {};
  for (const t of pruneTargets(s, now)) {
    const started = Date.now();
    let total = 0;
    for (;;) {
      const n = await t.prune(db, t.cutoff, s.batchSize);
      total += n;
      if (n < s.batchSize || Date.now() - started > BUDGET_MS) break;
    }
    deleted[t.table] = total;
    if (total > 0) deps.metrics.retentionDeleted.inc({ table: t.table }, total);
  }
  return deleted;
}
