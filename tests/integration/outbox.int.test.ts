import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { outbox } from '../../src/server/platform/db/schema/index.js';
import { withTx } from '../../src/server/platform/db/tx.js';
import {
  OutboxRegistry,
  type HandlerContext,
  type OutboxEvent,
} from '../../src/server/platform/outbox/outbox.js';
import { OutboxWorker } from '../../src/server/platform/outbox/worker.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.drop();
});

interface Call {
  eventId: string;
  attempts: number;
  payload: unknown;
  now: Date;
}

/** A registry, a worker on a manual clock, and a log of every handler call. */
function setup() {
  const clock = new ManualClock();
  const registry = new OutboxRegistry(clock);
  const worker = new OutboxWorker(testDb.database, registry, clock, pino({ level: 'silent' }), {
    concurrency: 4,
    backoffBaseMs: 1,
  });
  const calls = new Map<string, Call[]>();
  const record = (consumer: string, e: OutboxEvent, ctx: HandlerContext) => {
    const list = calls.get(consumer) ?? [];
    list.push({ eventId: e.eventId, attempts: e.attempts, payload: e.payload, now: ctx.now });
    calls.set(consumer, list);
  };
  return { clock, registry, worker, calls, record };
}

async function rowsOf(eventId: string) {
  return testDb.database.db.select().from(outbox).where(eq(outbox.eventId, eventId));
}

/** Drains, moving the clock past any retry backoff, until nothing more is due. */
async function drainWithRetries(s: ReturnType<typeof setup>, rounds = 20): Promise<number> {
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    total += await s.worker.drain();
    s.clock.advance(60_000);
  }
  return total;
}

describe('the transactional outbox', () => {
  it('never runs an event whose transaction rolled back', async () => {
    const s = setup();
    s.registry.subscribe('test.rollback', 'rollback.consumer', async (e, ctx) => {
      s.record('rollback.consumer', e, ctx);
      await Promise.resolve();
    });
    let eventId = '';
    await expect(
      withTx(testDb.database.db, async (tx) => {
        eventId = await s.registry.emit(tx, 'test.rollback', { n: 1 });
        throw new Error('the use case failed after emitting');
      }),
    ).rejects.toThrow('the use case failed');
    expect(eventId).not.toBe('');
    expect(await rowsOf(eventId)).toEqual([]);
    await drainWithRetries(s, 3);
    expect(s.calls.get('rollback.consumer')).toBeUndefined();

    // The same emit, committed, runs once.
    const committed = await withTx(testDb.database.db, (tx) =>
      s.registry.emit(tx, 'test.rollback', { n: 2 }),
    );
    expect(await s.worker.drain()).toBe(1);
    expect(s.calls.get('rollback.consumer')).toMatchObject([
      { eventId: committed, payload: { n: 2 }, attempts: 1 },
    ]);
  });

  it('retries a handler that fails twice, with the same event id, and marks it done', async () => {
    const s = setup();
    let failuresLeft = 2;
    s.registry.subscribe('test.flaky', 'flaky.consumer', async (e, ctx) => {
      s.record('flaky.consumer', e, ctx);
      await Promise.resolve();
      if (failuresLeft-- > 0) throw new Error(`transient failure ${2 - failuresLeft}`);
    });
    const eventId = await withTx(testDb.database.db, (tx) =>
      s.registry.emit(tx, 'test.flaky', { orderId: 7 }),
    );

    expect(await s.worker.drain()).toBe(1);
    let [row] = await rowsOf(eventId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'transient failure 1' });
    // The retry waits for its backoff: nothing is due at the same instant.
    expect(row!.runAt.getTime()).toBeGreaterThan(s.clock.now().getTime());
    expect(await s.worker.drain()).toBe(0);

    await drainWithRetries(s);
    const calls = s.calls.get('flaky.consumer') ?? [];
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.eventId)).toEqual([eventId, eventId, eventId]);
    expect(calls.map((c) => c.attempts)).toEqual([1, 2, 3]);
    for (const c of calls) expect(c.payload).toEqual({ orderId: 7 });
    [row] = await rowsOf(eventId);
    expect(row).toMatchObject({ status: 'done', attempts: 3, lastError: null, lockedUntil: null });
    expect(row!.doneAt).not.toBeNull();
  });

  it('dead-letters a handler that always fails after its max attempts, keeping the error', async () => {
    const s = setup();
    s.registry.subscribe(
      'test.broken',
      'broken.consumer',
      async (e, ctx) => {
        s.record('broken.consumer', e, ctx);
        await Promise.resolve();
        throw new Error('mail server refused: 550 mailbox unavailable');
      },
      3,
    );
    const eventId = await withTx(testDb.database.db, (tx) =>
      s.registry.emit(tx, 'test.broken', {}),
    );
    await drainWithRetries(s);
    const [row] = await rowsOf(eventId);
    expect(row).toMatchObject({
      status: 'dead',
      attempts: 3,
      maxAttempts: 3,
      lastError: 'mail server refused: 550 mailbox unavailable',
    });
    expect(s.calls.get('broken.consumer')).toHaveLength(3);
    // Dead stays dead: time passing does not run it again.
    s.clock.advance(7 * 86_400_000);
    expect(await s.worker.drain()).toBe(0);
    expect(s.calls.get('broken.consumer')).toHaveLength(3);
  });

  it('runs a delayed job only once its time has come', async () => {
    const s = setup();
    s.registry.subscribe('test.delayed', 'delayed.consumer', async (e, ctx) => {
      s.record('delayed.consumer', e, ctx);
      await Promise.resolve();
    });
    const due = new Date(s.clock.now().getTime() + 30 * 60_000);
    const eventId = await withTx(testDb.database.db, (tx) =>
      s.registry.emit(tx, 'test.delayed', { orderId: 9 }, { runAt: due }),
    );
    expect(await s.worker.drain()).toBe(0);
    s.clock.advance(29 * 60_000);
    expect(await s.worker.drain()).toBe(0);
    expect(s.calls.get('delayed.consumer')).toBeUndefined();
    expect((await rowsOf(eventId))[0]).toMatchObject({ status: 'pending', attempts: 0 });

    s.clock.advance(60_000);
    expect(await s.worker.drain()).toBe(1);
    const calls = s.calls.get('delayed.consumer') ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ eventId, payload: { orderId: 9 } });
    expect(calls[0]!.now.getTime()).toBeGreaterThanOrEqual(due.getTime());
    expect((await rowsOf(eventId))[0]!.status).toBe('done');
    expect(await s.worker.drain()).toBe(0);
  });

  it('gives every consumer of a topic its own row: one failing does not re-run the other', async () => {
    const s = setup();
    let fail = true;
    s.registry.subscribe('test.fanout', 'fanout.mail', async (e, ctx) => {
      s.record('fanout.mail', e, ctx);
      await Promise.resolve();
      if (fail) {
        fail = false;
        throw new Error('smtp down');
      }
    });
    s.registry.subscribe('test.fanout', 'fanout.inbox', async (e, ctx) => {
      s.record('fanout.inbox', e, ctx);
      await Promise.resolve();
    });
    const eventId = await withTx(testDb.database.db, (tx) =>
      s.registry.emit(tx, 'test.fanout', { x: 1 }),
    );
    await drainWithRetries(s, 5);
    expect(s.calls.get('fanout.mail')?.map((c) => c.eventId)).toEqual([eventId, eventId]);
    expect(s.calls.get('fanout.inbox')?.map((c) => c.eventId)).toEqual([eventId]);
    const rows = await rowsOf(eventId);
    expect(rows.map((r) => [r.consumer, r.status]).sort()).toEqual([
      ['fanout.inbox', 'done'],
      ['fanout.mail', 'done'],
    ]);
  });

  it('writes an event only once for the same event id', async () => {
    const s = setup();
    s.registry.subscribe('test.dedupe', 'dedupe.consumer', async (e, ctx) => {
      s.record('dedupe.consumer', e, ctx);
      await Promise.resolve();
    });
    const eventId = 'fixed-event-id-1';
    for (let i = 0; i < 3; i++)
      await withTx(testDb.database.db, (tx) =>
        s.registry.emit(tx, 'test.dedupe', { i }, { eventId }),
      );
    await drainWithRetries(s, 2);
    expect(s.calls.get('dedupe.consumer')).toMatchObject([{ eventId, payload: { i: 0 } }]);
  });
});
