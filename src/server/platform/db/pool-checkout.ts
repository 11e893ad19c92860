import type pg from 'pg';

type Release = (err?: Error | boolean) => void;

/**
 * Makes a checked-out connection that dies go back to the pool, whoever holds it.
 *
 * drizzle's `transaction()` checks a client out and sends BEGIN before its try/finally: when
 * BEGIN itself fails — a pooler closing the connection after waiting too long for a server
 * during a PostgreSQL restart — the client is never released. Each such failure leaks one
 * connection; after DB_POOL_SIZE of them every request waits for one that never comes, and
 * the process stays "database down" although the database is back.
 *
 * Here a client whose connection ends while checked out is released at once (the pool drops
 * it, as it is no longer queryable), and its release is made idempotent so the holder's own
 * release later, if it comes, does nothing.
 */
export function releaseLostCheckouts(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (
    cb?: (err: Error | undefined, client: pg.PoolClient, done: Release) => void,
  ) => Promise<pg.PoolClient> | undefined;
  // The callback form is pg-pool's own (pool.query), which always releases: left as it is.
  const guarded = (cb?: Parameters<typeof connect>[0]) =>
    cb ? connect(cb) : (connect() as Promise<pg.PoolClient>).then(guardCheckout);
  pool.connect = guarded as typeof pool.connect;
}

function guardCheckout(client: pg.PoolClient): pg.PoolClient {
  const release: Release = client.release.bind(client);
  let released = false;
  const releaseOnce: Release = (err) => {
    client.removeListener('end', lost);
    if (released) return;
    released = true;
    release(err);
  };
  const lost = () => releaseOnce(new Error('connection lost while checked out'));
  client.once('end', lost);
  client.release = releaseOnce;
  return client;
}
