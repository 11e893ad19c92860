import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Logger } from 'pino';
import * as schema from './schema/index.js';
import { ResilientListener, type ListenerStatus } from './listener.js';
import { useNamedStatements } from './named-setting.js';
import { releaseLostCheckouts } from './pool-checkout.js';

export type Schema = typeof schema;
/** One query API over both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  kind: 'pg' | 'pglite';
  db: Db;
  /**
   * Subscribe to NOTIFY on a channel; returns an unsubscribe function. `onResync` runs when the
   * listening connection came back after a loss: notifications sent meanwhile were missed.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onResync?: () => void,
  ): Promise<() => Promise<void>>;
  /** The LISTEN connection's health, for /readyz and metrics. */
  listenerStatus(): ListenerStatus;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; absent = PGlite. */
  url?: string | undefined;
  /**
   * Where the LISTEN connection goes when the pool goes through a transaction pooler
   * (pgbouncer), which cannot hold a LISTEN: PostgreSQL itself. Default: `url`.
   */
  listenUrl?: string | undefined;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string | undefined;
  /**
   * In-memory PGlite only: start from this dump of a data folder (PGlite's `dumpDataDir`)
   * instead of creating one, which skips PGlite's initdb (about ten seconds). Tests use a
   * migrated dump made once per run.
   */
  pgliteDump?: Blob | undefined;
  poolSize?: number;
  /** Whether fixed statements run named (named.ts); default true. */
  namedStatements?: boolean;
  /** How long a request waits for a pooled connection before it fails (never hangs). */
  connectTimeoutMs?: number;
  log?: Logger | undefined;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url
    ? Promise.resolve(openPostgres(opts.url, opts))
    : openPglite(opts.dataDir, opts.pgliteDump);
}

function openPostgres(url: string, opts: DatabaseOptions): Database {
  useNamedStatements(opts.namedStatements ?? true);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 16,
    // A request waits this long for a connection, then fails with a retryable 503.
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    keepAlive: true,
    application_name: 'btp',
  });
  // An idle client erroring (server restart) must not crash the process; the pool drops it.
  pool.on('error', () => undefined);
  // pg-pool listens for errors only while a client is idle. A checked-out client whose server
  // goes away between two statements (terminated backend, restart, pgbouncer's "server conn
  // crashed") would emit an unhandled 'error' and kill the process: swallow it here — its next
  // query fails (a connection-loss error, answered 503), and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  releaseLostCheckouts(pool);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listener = new ResilientListener(opts.listenUrl ?? url, opts.log);
  return {
    kind: 'pg',
    db,
    listen: (channel, onPayload, onResync) => listener.subscribe(channel, onPayload, onResync),
    listenerStatus: () => listener.status(),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string | undefined, dump: Blob | undefined): Promise<Database> {
  const client = dataDir
    ? new PGlite(dataDir)
    : new PGlite(dump ? { loadDataDir: dump } : undefined);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let listening = false;
  return {
    kind: 'pglite',
    db,
    async listen(channel, onPayload) {
      listening = true;
      return client.listen(channel, onPayload);
    },
    // In-process: the "connection" cannot be lost.
    listenerStatus: () => ({ state: listening ? 'up' : 'idle', downSince: null, reconnects: 0 }),
    async close() {
      await client.close();
    },
  };
}
