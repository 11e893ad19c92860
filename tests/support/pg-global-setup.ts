import { openDatabase } from '../../src/server/platform/db/client.js';
import { runMigrations } from '../../src/server/platform/db/migrate.js';
import { templateName, urlFor, withAdmin } from './pg-admin.js';

/**
 * Migrates a template database once per run; every test file then gets its own fresh copy
 * (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function setup(): Promise<void> {
  const template = templateName();
  const exists = await withAdmin(async (c) => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    return r.rowCount === 1;
  });
  if (exists) return;
  const building = `${template}_building_${process.pid}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${building}"`));
  const database = await openDatabase({ url: urlFor(building), poolSize: 2 });
  await runMigrations(database);
  await database.close();
  await withAdmin(async (c) => {
    // Another run may have won the race; either way the template exists afterwards.
    await c.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`).catch(async () => {
      await c.query(`DROP DATABASE IF EXISTS "${building}"`);
    });
  });
}
