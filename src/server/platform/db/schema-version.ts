import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './client.js';
import { migrationsFolder, runMigrations } from './migrate.js';
import { queryRows } from './query.js';

export interface SchemaVersion {
  /** Migrations this build ships. */
  shipped: number;
  /** Of those, how many the database has applied. */
  applied: number;
  /** The database has migrations newer than this build (a newer release migrated it). */
  ahead: boolean;
}

/**
 * Reads the migrator's own record (drizzle.__drizzle_migrations) without changing anything, so
 * it works for a role that may not run DDL. drizzle applies a migration when its timestamp is
 * newer than the last one recorded; the same comparison tells how far behind the database is.
 */
export async function readSchemaVersion(database: Database): Promise<SchemaVersion> {
  const shipped = readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis);
  const [table] = await queryRows<{ exists: boolean }>(
    database.db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS "exists"`,
  );
  if (!table?.exists) return { shipped: shipped.length, applied: 0, ahead: false };
  const [last] = await queryRows<{ at: string | null }>(
    database.db,
    sql`SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations`,
  );
  const lastAt = last?.at === null || last?.at === undefined ? -1 : Number(last.at);
  const applied = shipped.filter((at) => at <= lastAt).length;
  const newest = shipped.at(-1) ?? -1;
  return { shipped: shipped.length, applied, ahead: lastAt > newest };
}

/**
 * `serve` and `worker` on PostgreSQL never run DDL: the owner role migrates (`main.js migrate`),
 * the app role only checks. A database behind this build is refused with what to do; one ahead
 * (a newer release already migrated, old processes still rolling) is accepted, since migrations
 * are additive.
 */
export async function assertSchemaCurrent(database: Database): Promise<void> {
  const v = await readSchemaVersion(database);
  if (v.applied < v.shipped) {
    throw new Error(
      `The database schema is behind this build: ${v.applied} of ${v.shipped} migrations applied. ` +
        'Run `node dist/server/main.js migrate` with the owner role’s DATABASE_URL, then start again.',
    );
  }
}

/**
 * The embedded database belongs to its one process, which migrates it; PostgreSQL is only
 * checked (see assertSchemaCurrent).
 */
export async function prepareSchema(database: Database): Promise<void> {
  if (database.kind === 'pglite') await runMigrations(database);
  else await assertSchemaCurrent(database);
}
