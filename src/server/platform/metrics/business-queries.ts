import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';

/** Refunds still on their way (not 已到账 / 已拒绝), per state, with the oldest one's age. */
export async function openRefunds(
  db: Executor,
  now: Date,
): Promise<{ status: string; n: number; oldest_s: number }[]> {
  return queryRows(
    db,
    sql`SELECT status, count(*)::int AS n,
      EXTRACT(EPOCH FROM ${now.toISOString()}::timestamptz - min(created_at))::float8 AS oldest_s
    FROM refunds WHERE status IN ('pending_review', 'approved', 'processing', 'failed')
    GROUP BY status`,
  );
}

/** Email and SMS notices that gave up (the staff 发送失败 queue), per channel. */
export async function failedNotices(db: Executor): Promise<{ channel: string; n: number }[]> {
  return queryRows(
    db,
    sql`SELECT channel, count(*)::int AS n FROM notices WHERE status = 'failed' GROUP BY channel`,
  );
}
