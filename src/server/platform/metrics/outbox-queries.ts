import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';

// Every query of the metrics against the outbox table, in one place, so a change of the
// outbox's shape is one file to adapt.

export interface OutboxBacklogRow {
  consumer: string;
  pending: number;
  /** Pending and due now (not waiting for a later run_at). */
  due: number;
  dead: number;
  /** Seconds since the oldest due job was due; null when nothing is due. */
  oldest_due_s: number | null;
}

/** Pending, due and dead rows per consumer (served by the (status, run_at) index). */
export async function outboxBacklog(db: Executor, now: Date): Promise<OutboxBacklogRow[]> {
  const at = now.toISOString();
  return queryRows<OutboxBacklogRow>(
    db,
    sql`SELECT consumer,
      count(*) FILTER (WHERE status = 'pending')::int AS pending,
      count(*) FILTER (WHERE status = 'pending' AND run_at <= ${at}::timestamptz)::int AS due,
      count(*) FILTER (WHERE status = 'dead')::int AS dead,
      EXTRACT(EPOCH FROM ${at}::timestamptz
        - min(run_at) FILTER (WHERE status = 'pending' AND run_at <= ${at}::timestamptz))::float8
        AS oldest_due_s
    FROM outbox WHERE status IN ('pending', 'dead')
    GROUP BY consumer`,
  );
}
