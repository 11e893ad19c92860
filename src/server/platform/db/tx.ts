import type { Db, Tx } from './client.js';

/** SQLSTATEs that mean "run the whole transaction again": serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 8;

export function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Runs fn in one transaction, retrying deadlocks and serialization failures with jittered
 * backoff so callers never see them. fn must be free of effects outside the database.
 */
export async function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (err) {
      const state = sqlState(err);
      if (!state || !RETRYABLE.has(state) || attempt >= MAX_ATTEMPTS) throw err;
      const delay = Math.random() * Math.min(200, 5 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
