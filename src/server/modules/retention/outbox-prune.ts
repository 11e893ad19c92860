import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';

/**
 * Deletes up to `limit` outbox jobs done before `cutoff`; returns how many. The only query of
 * the retention job against the outbox table. It walks the (status, run_at) index: a job runs
 * after its run_at, so every row done before the cutoff was also due before it.
 */
export async function pruneOutboxDone(db: Executor, cutoff: Date, limit: number): Promise<number> {
  const at = cutoff.toISOString();
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH gone AS (
      DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox
        WHERE status = 'done' AND run_at < ${at}::timestamptz AND done_at < ${at}::timestamptz
        LIMIT ${limit})
      RETURNING 1)
    SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}
