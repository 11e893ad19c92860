import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAdmin } from '../support/pg-admin.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The production set-up of docs/operations.md: the app's role may only add and read audit rows.
const role = `btp_audit_${randomBytes(4).toString('hex')}`;
let testDb: TestDatabase;
let asApp: pg.Client;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const dbName = new URL(testDb.url!).pathname.slice(1);
  await withAdmin(async (c) => {
    await c.query(`CREATE ROLE "${role}" LOGIN`);
    await c.query(`GRANT CONNECT ON DATABASE "${dbName}" TO "${role}"`);
  });
  const owner = new pg.Client({ connectionString: testDb.url });
  await owner.connect();
  try {
    await owner.query(`GRANT USAGE ON SCHEMA public TO "${role}"`);
    await owner.query(`GRANT SELECT, INSERT ON audit_log TO "${role}"`);
    await owner.query(`GRANT USAGE ON SEQUENCE audit_log_id_seq TO "${role}"`);
  } finally {
    await owner.end();
  }
  const url = new URL(testDb.url!);
  url.username = role;
  asApp = new pg.Client({ connectionString: url.toString() });
  await asApp.connect();
});
afterAll(async () => {
  await asApp?.end();
  await testDb?.drop();
  await withAdmin((c) => c.query(`DROP ROLE IF EXISTS "${role}"`));
});

async function failure(statement: string): Promise<string> {
  return asApp.query(statement).then(
    () => 'succeeded',
    (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
  );
}

describe('the app database role on audit_log', () => {
  it('can insert and read audit rows', async () => {
    const who = await asApp.query<{ u: string }>('SELECT current_user AS u');
    expect(who.rows[0]!.u).toBe(role);
    const inserted = await asApp.query<{ id: string }>(
      `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, request_id)
       VALUES (NULL, 'system', 'role.check', 'order', '1', 'req-role') RETURNING id`,
    );
    const read = await asApp.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE id = $1',
      [inserted.rows[0]!.id],
    );
    expect(read.rows).toEqual([{ action: 'role.check' }]);
  });

  it('cannot update, delete or truncate them: permission denied before any trigger runs', async () => {
    expect(await failure(`UPDATE audit_log SET action = 'forged'`)).toMatch(
      /^42501: permission denied for table audit_log/,
    );
    expect(await failure('DELETE FROM audit_log')).toMatch(
      /^42501: permission denied for table audit_log/,
    );
    expect(await failure('TRUNCATE audit_log')).toMatch(
      /^42501: permission denied for table audit_log/,
    );
    const left = await asApp.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'role.check'`,
    );
    expect(left.rows[0]!.n).toBe(1);
  });
});
