import type { Db, Executor, Tx } from './client.js';

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

/** Work to do once a withTx transaction has committed, by transaction (forgotten with it). */
const committed = new WeakMap<object, ((db: Db) => void)[]>();

/**
 * Runs `fn` once the transaction `tx` has committed (not if it rolls back or is retried), with
 * the database it ran on. Returns false when `tx` is not a withTx transaction, so the caller can
 * act another way; `fn` must not throw.
 */
export function onCommit(tx: Executor, fn: (db: Db) => void): boolean {
  const hooks = committed.get(tx);
  if (!hooks) return false;
  hooks.push(fn);
  return true;
}

/**
 * Runs fn in one transaction, retrying deadlocks and serialization failures with jittered
 * backoff so callers never see them. fn must be free of effects outside the database.
 */
export async function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let hooks: ((db: Db) => void)[] = [];
    try {
      const result = await db.transaction((tx) => {
        hooks = [];
        committed.set(tx, hooks);
        return fn(tx);
      });
      for (const hook of hooks) hook(db);
      return result;
    } catch (err) {
      const state = sqlState(err);
      if (!state || !RETRYABLE.has(state) || attempt >= MAX_ATTEMPTS) throw err;
      const delay = Math.random() * Math.min(200, 5 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
