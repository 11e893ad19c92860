import type { Deps } from '../../deps.js';
import { pruneAll } from './prune.js';
import { retentionSettings } from './settings.js';

export const RETENTION_TOPIC = 'retention.run';
const EVERY_MS = 3_600_000;

/** One run per hour across every worker: the event id names the hour. */
function retentionEventId(at: Date): string {
  return `retention-${at.toISOString().slice(0, 13)}`;
}

/** The hourly pruning job; it schedules its next run itself. */
export function registerRetentionJobs(deps: Deps): void {
  deps.outbox.subscribe(RETENTION_TOPIC, 'retention.prune', async (_event, ctx) => {
    const s = await retentionSettings(deps.database.db);
    const deleted = await pruneAll(deps, s, ctx.now);
    deps.log.info({ deleted }, 'retention: old rows pruned');
    const next = new Date(ctx.now.getTime() + EVERY_MS);
    await deps.outbox.emit(
      deps.database.db,
      RETENTION_TOPIC,
      {},
      { runAt: next, eventId: retentionEventId(next) },
    );
  });
}

/** Starts the hourly cycle (idempotent: every worker calls it at start). */
export async function scheduleRetention(deps: Deps): Promise<void> {
  const at = deps.clock.now();
  await deps.outbox.emit(
    deps.database.db,
    RETENTION_TOPIC,
    {},
    { runAt: at, eventId: retentionEventId(at) },
  );
}
