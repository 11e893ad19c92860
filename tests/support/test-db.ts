import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
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
    // From the migrated dump made once per run (pglite-global-setup.ts); without one (a file
    // run outside the pglite project), created and migrated here.
    const dumpFile = inject('pgliteDump') as string | undefined;
    const database = await openDatabase(
      dumpFile ? { pgliteDump: new Blob([fs.readFileSync(dumpFile)]) } : {},
    );
    if (!dumpFile) await runMigrations(database);
    return { database, backend, url: undefined, drop: () => database.close() };
  }
  const name = `btp_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  const url = urlFor(name);
  // Production answers a retryable 503 after 5 s without a free connection. Tests assert what
  // each request does, not how the machine copes with its load: on a busy machine (many test
  // files at once) a request waits for its connection instead of failing.
  const database = await openDatabase({
    url,
    poolSize: opts.poolSize ?? 8,
    connectTimeoutMs: 60_000,
  });
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
