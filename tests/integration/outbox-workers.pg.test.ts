import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/server/platform/clock/clock.js';
import { openDatabase, type Database } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { withTx } from '../../src/server/platform/db/tx.js';
import { OutboxRegistry } from '../../src/server/platform/outbox/outbox.js';
import { OutboxWorker } from '../../src/server/platform/outbox/worker.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// Several worker processes share one outbox table: each has its own pool and LISTEN connection.
const WORKERS = 4;
const EVENTS = 500;
const TOPIC = 'test.shared';
const CONSUMER = 'shared.consumer';

let testDb: TestDatabase;
const pools: Database[] = [];
const workers: OutboxWorker[] = [];
/** The producer's registry: emitting writes rows only for subscribed consumers. */
const producer = new OutboxRegistry();

beforeAll(async () => {
  testDb = await createTestDatabase({ poolSize: 4 });
  await testDb.database.db.execute(
    sql`CREATE TABLE handled_events (event_id text NOT NULL, worker int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  );
  producer.subscribe(TOPIC, CONSUMER, () => Promise.resolve());
  for (let w = 0; w < WORKERS; w++) {
    const database = await openDatabase({ url: testDb.url, poolSize: 4 });
    pools.push(database);
    const registry = new OutboxRegistry();
    registry.subscribe(TOPIC, CONSUMER, async (event) => {
      // A little work, so claims interleave between workers.
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      await withTx(database.db, (tx) =>
        tx.execute(
          sql`INSERT INTO handled_events (event_id, worker) VALUES (${event.eventId}, ${w})`,
        ),
      );
    });
    // A poll interval far longer than the test: only NOTIFY (and finished runs) wake a worker.
    const worker = new OutboxWorker(database, registry, systemClock, pino({ level: 'silent' }), {
      concurrency: 4,
      pollMs: 120_000,
      backoffBaseMs: 10,
    });
    await worker.start();
    workers.push(worker);
  }
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  for (const p of pools) await p.close();
  await testDb?.drop();
});

async function handledCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    testDb.database.db,
    sql`SELECT count(*)::int AS n FROM handled_events`,
  );
  return Number(row?.n ?? 0);
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('several outbox workers on one table', () => {
  it('handle 500 events exactly once between them', async () => {
    const emitted: string[] = [];
    // Emitted in batches while the workers are already running and competing.
    for (let batch = 0; batch < EVENTS / 50; batch++) {
      const ids = await withTx(testDb.database.db, async (tx) => {
        const out: string[] = [];
        for (let i = 0; i < 50; i++) out.push(await producer.emit(tx, TOPIC, { batch, i }));
        return out;
      });
      emitted.push(...ids);
    }
    expect(new Set(emitted).size).toBe(EVENTS);

    await waitFor(async () => (await handledCount()) >= EVENTS, 30_000);
    // Let any duplicate run that is still in flight land before counting.
    await new Promise((r) => setTimeout(r, 200));

    const handled = await queryRows<{ event_id: string; n: number }>(
      testDb.database.db,
      sql`SELECT event_id, count(*)::int AS n FROM handled_events GROUP BY event_id`,
    );
    const duplicates = handled.filter((h) => Number(h.n) !== 1);
    expect(duplicates).toEqual([]);
    expect(handled.map((h) => h.event_id).sort()).toEqual([...emitted].sort());

    const statuses = await queryRows<{ status: string; n: number }>(
      testDb.database.db,
      sql`SELECT status, count(*)::int AS n FROM outbox WHERE consumer = ${CONSUMER} GROUP BY status`,
    );
    expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([['done', EVENTS]]);
    const [attempts] = await queryRows<{ max: number }>(
      testDb.database.db,
      sql`SELECT max(attempts)::int AS max FROM outbox WHERE consumer = ${CONSUMER}`,
    );
    expect(Number(attempts?.max)).toBe(1);

    // The work was shared, not done by one worker while the others idled.
    const perWorker = await queryRows<{ worker: number; n: number }>(
      testDb.database.db,
      sql`SELECT worker, count(*)::int AS n FROM handled_events GROUP BY worker`,
    );
    expect(perWorker.length).toBeGreaterThanOrEqual(2);
  });

  it('wakes an idle worker by NOTIFY: a new event is handled long before the next poll', async () => {
    await waitFor(async () => (await handledCount()) >= EVENTS, 30_000);
    const before = await handledCount();
    // All workers are asleep on a two-minute poll interval by now.
    await new Promise((r) => setTimeout(r, 300));
    const eventId = await withTx(testDb.database.db, (tx) =>
      producer.emit(tx, TOPIC, { wake: true }),
    );
    // The workers poll every two minutes: handled within 30 s means NOTIFY woke one
    // (the margin keeps a busy machine from failing the test).
    await waitFor(async () => (await handledCount()) > before, 30_000);
    const rows = await queryRows<{ event_id: string }>(
      testDb.database.db,
      sql`SELECT event_id FROM handled_events ORDER BY at DESC LIMIT 1`,
    );
    expect(rows[0]?.event_id).toBe(eventId);
  });
});
