import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';

/** Runs a DELETE … RETURNING 1 and counts what went. */
async function countDeleted(db: Executor, del: SQL): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH gone AS (${del}) SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}

/** Sessions that expired before the cutoff. */
export function pruneSessions(db: Executor, cutoff: Date, limit: number): Promise<number> {
  return countDeleted(
    db,
    sql`DELETE FROM sessions WHERE id_hash IN (
      SELECT id_hash FROM sessions WHERE expires_at < ${cutoff.toISOString()}::timestamptz
      LIMIT ${limit}) RETURNING 1`,
  );
}

/** Idempotency keys stored before the cutoff (by idempotency_created_idx). */
export function pruneIdempotencyKeys(db: Executor, cutoff: Date, limit: number): Promise<number> {
  return countDeleted(
    db,
    sql`DELETE FROM idempotency_keys WHERE (user_id, key) IN (
      SELECT user_id, key FROM idempotency_keys
      WHERE created_at < ${cutoff.toISOString()}::timestamptz
      LIMIT ${limit}) RETURNING 1`,
  );
}

/** Receipts of incoming webhooks received before the cutoff. */
export function pruneWebhookReceipts(db: Executor, cutoff: Date, limit: number): Promise<number> {
  return countDeleted(
    db,
    sql`DELETE FROM webhook_receipts WHERE event_id IN (
      SELECT event_id FROM webhook_receipts
      WHERE received_at < ${cutoff.toISOString()}::timestamptz
      LIMIT ${limit}) RETURNING 1`,
  );
}

/** Captured mail and logged SMS older than the cutoff (oldest ids first, by the primary key). */
export function pruneSentMessages(db: Executor, cutoff: Date, limit: number): Promise<number> {
  return countDeleted(
    db,
    sql`DELETE FROM outgoing_messages WHERE id IN (
      SELECT id FROM outgoing_messages
      WHERE created_at < ${cutoff.toISOString()}::timestamptz
      ORDER BY id LIMIT ${limit}) RETURNING 1`,
  );
}
