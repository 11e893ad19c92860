import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/errors.js';
import type { Db, Tx } from '../db/client.js';
import { withTx } from '../db/tx.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { WriteBatch } from '../db/write-batch.js';
import { fixedQuery } from '../db/fixed-query.js';

export interface StoredResponse<T> {
  status: number;
  body: T;
}

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The Idempotency-Key header, validated; undefined when absent. */
/** What the key and the request hash are read from (any route's request fits). */
export type IdempotentRequest = Pick<FastifyRequest, 'headers' | 'method' | 'url' | 'body'>;

export function idempotencyKeyOf(req: IdempotentRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new DomainError('VALIDATION_FAILED', { header: 'Idempotency-Key' });
  }
  return key;
}

export function requestHash(req: IdempotentRequest): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');
}

const claimKey = fixedQuery((db) =>
  db
    .insert(idempotencyKeys)
    .values({
      userId: sql.placeholder('userId'),
      key: sql.placeholder('key'),
      requestHash: sql.placeholder('requestHash'),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key }),
);

/**
 * Runs fn at most once per (user, key). The key row is inserted in the same transaction as the
 * effects of fn, so either both commit or neither does. A concurrent duplicate blocks on the
 * unique key until the first commits, then replays the stored response; if the first rolled
 * back, the duplicate runs fn itself. Failures roll back and leave no record, so a retry re-runs.
 *
 * fn gets a WriteBatch for writes nothing reads back; it runs after fn, together with storing
 * the response, in one statement.
 */
export async function runIdempotent<T>(
  db: Db,
  userId: number,
  key: string | undefined,
  hash: string,
  fn: (tx: Tx, batch: WriteBatch) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T>> {
  return withTx(db, async (tx) => {
    const batch = new WriteBatch();
    if (key !== undefined) {
      const inserted = await claimKey(tx, { userId, key, requestHash: hash });
      if (inserted.length === 0) return replay<T>(tx, userId, key, hash);
    }
    const result = await fn(tx, batch);
    if (key !== undefined) {
      batch.change(
        tx
          .update(idempotencyKeys)
          .set({
            responseStatus: result.status,
            responseBody: sql`${JSON.stringify(result.body)}::json`,
          })
          .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key))),
      );
    }
    await batch.run(tx);
    return result;
  });
}

/** The stored answer to an earlier call with the same key (once it has committed). */
async function replay<T>(
  tx: Tx,
  userId: number,
  key: string,
  hash: string,
): Promise<StoredResponse<T>> {
  const [prior] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  if (!prior) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
  if (prior.requestHash !== hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
  if (prior.responseStatus === null) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
  return { status: prior.responseStatus, body: prior.responseBody as T };
}

/**
 * withTx for a route that honours Idempotency-Key: fn's effects, its answer and the key commit
 * together, so a retry with the key gets the stored answer instead of acting twice (and the same
 * key with another body is IDEMPOTENCY_KEY_REUSED). Without the header it is a plain transaction.
 * fn must build its answer inside the transaction, since that answer is what a retry receives.
 */
export async function idempotentTx<T>(
  db: Db,
  req: IdempotentRequest,
  userId: number,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const key = idempotencyKeyOf(req);
  const result = await runIdempotent<T>(db, userId, key, requestHash(req), async (tx) => ({
    status: 200,
    body: await fn(tx),
  }));
  return result.body;
}
