import { randomBytes } from 'node:crypto';
import setupTemplate from '../../tests/support/pg-global-setup.js';
import { templateName, urlFor, withAdmin } from '../../tests/support/pg-admin.js';

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated PostgreSQL database copied from the tests' template (built on first use).
 * Server: TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test.
 */
export async function freshDatabase(prefix = 'btp_bench'): Promise<FreshDatabase> {
  await setupTemplate();
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  return {
    name,
    url: urlFor(name),
    async drop() {
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
