import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/server/platform/db/client.js';
import { runMigrations } from '../../src/server/platform/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data folder, dumped once per run (see test-db.ts). */
    pgliteDump: string;
  }
}

/**
 * Creates and migrates one in-memory PGlite and dumps its data folder to a file: every PGlite
 * test file then starts from that dump (about 2 s) instead of PGlite's initdb and the
 * migrations (about 12 s each, one file after another).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const database = await openDatabase({});
  await runMigrations(database);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-pglite-'));
  const file = path.join(dir, 'migrated.tar');
  // drizzle keeps the PGlite it runs on as $client.
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteDump', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
