import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/server/platform/db/client.js';
import { runMigrations } from '../../src/server/platform/db/migrate.js';
import { templateName, urlFor, withAdmin } from './pg-admin.js';

export type TestBackend = 'pg' | 'pglite';

export function testBackend(): TestBackend {
  return process.env['TEST_DB'] === 'pglite' ? 'pglite' : 'pg';
}

export interface TestDatabase {
  database: Database;
  backend: TestBackend;
  /** Connection string of the fresh PostgreSQL database (pg backend only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file: a PostgreSQL database or an in-memory PGlite. */
export async function createTestDatabase(opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const backend = testBackend();
  if (backend === 'pglite') {
    const database = await openDatabase({});
    await runMigrations(database);
    return { database, backend, url: undefined, drop: () => database.close() };
  }
  const name = `btp_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  const url = urlFor(name);
  const database = await openDatabase({ url, poolSize: opts.poolSize ?? 8 });
  return {
    database,
    backend,
    url,
    async drop() {
      await database.close();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
