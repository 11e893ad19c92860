import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/platform/db/schema/index.js';
import { fixedQuery } from '../../src/server/platform/db/fixed-query.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { withTx } from '../../src/server/platform/db/tx.js';
import { WriteBatch } from '../../src/server/platform/db/write-batch.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase({ poolSize: 4 });
  await testDb.database.db.execute(
    sql`CREATE TABLE batch_counters (id int PRIMARY KEY, n int NOT NULL CHECK (n >= 0))`,
  );
  await testDb.database.db.execute(sql`INSERT INTO batch_counters VALUES (1, 5), (2, 5)`);
});
afterAll(async () => {
  await testDb?.drop();
});

const row = (action: string, entityId: string) => ({
  actorId: null,
  actorRole: 'system',
  action,
  entityType: 'batch-test',
  entityId,
  after: { action, nested: { kept: true } },
});

const actionsOf = async (entityId: string) =>
  (
    await testDb.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, entityId))
      .orderBy(asc(auditLog.id))
  ).map((r) => r.action);

const counters = () =>
  queryRows<{ id: number; n: number }>(
    testDb.database.db,
    sql`SELECT id, n FROM batch_counters ORDER BY id`,
  );

describe('WriteBatch', () => {
  it('writes everything it holds in one statement: rows in the order added, updates, NOTIFY on commit', async () => {
    const { db } = testDb.database;
    const heard: string[] = [];
    const stop = await testDb.database.listen('batch_test', (p) => heard.push(p));
    try {
      await withTx(db, async (tx) => {
        const batch = new WriteBatch();
        batch.insert(auditLog, row('first', 'a'));
        batch.change(sql`UPDATE batch_counters SET n = n - 1 WHERE id = 1`);
        batch.insert(auditLog, [row('second', 'a'), row('third', 'a')]);
        batch.notify('batch_test');
        expect(batch.pendingRows(auditLog).map((r) => r.action)).toEqual([
          'first',
          'second',
          'third',
        ]);
        await batch.run(tx);
        expect(batch.isEmpty).toBe(true);
        // Not yet committed: nobody has been woken.
        expect(heard).toEqual([]);
      });
      // Ids follow the order the rows were added in, so timelines sorted by id keep it.
      expect(await actionsOf('a')).toEqual(['first', 'second', 'third']);
      expect(await counters()).toEqual([
        { id: 1, n: 4 },
        { id: 2, n: 5 },
      ]);
      for (let i = 0; i < 50 && heard.length === 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual(['']);
    } finally {
      await stop();
    }
  });

  it('fails as a whole when one part breaks a constraint, and leaves nothing behind', async () => {
    const { db } = testDb.database;
    const attempt = withTx(db, async (tx) => {
      const batch = new WriteBatch();
      batch.insert(auditLog, row('lost', 'b'));
      batch.change(sql`UPDATE batch_counters SET n = n - 99 WHERE id = 2`);
      await batch.run(tx);
    });
    await expect(attempt).rejects.toThrow();
    expect(await actionsOf('b')).toEqual([]);
    expect(await counters()).toEqual([
      { id: 1, n: 4 },
      { id: 2, n: 5 },
    ]);
  });
});

describe('fixedQuery', () => {
  const byEntity = fixedQuery((db) =>
    db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, sql.placeholder('entityId')))
      .orderBy(asc(auditLog.id)),
  );

  it('maps rows like the builder and runs in the transaction it is given', async () => {
    const { db } = testDb.database;
    await withTx(db, async (tx) => {
      await tx.insert(auditLog).values(row('inside', 'c'));
      const seen = await byEntity(tx, { entityId: 'c' });
      expect(seen).toEqual(await tx.select().from(auditLog).where(eq(auditLog.entityId, 'c')));
      expect(seen[0]).toMatchObject({ action: 'inside', after: { nested: { kept: true } } });
      expect(seen[0]!.createdAt).toBeInstanceOf(Date);
      // PGlite has one connection, which the transaction holds; on PostgreSQL another
      // connection must not see the uncommitted row.
      if (testDb.backend === 'pg') expect(await byEntity(db, { entityId: 'c' })).toEqual([]);
    });
    expect(await byEntity(db, { entityId: 'c' })).toHaveLength(1);
  });
});
