import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_TOPIC, scheduleRetention } from '../../src/server/modules/retention/jobs.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import {
  auditLog,
  idempotencyKeys,
  outbox,
  outgoingMessages,
  sessions,
  webhookReceipts,
} from '../../src/server/platform/db/schema/index.js';
import { createUser, loginAs } from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// The hourly retention job deletes, in batches, what has stopped mattering — outbox jobs done
// long ago, sessions long expired, idempotency keys past their replay window, old webhook
// receipts and old captured mail — by the operator's settings, and leaves everything recent
// (and every outbox job not done) alone.
const OLD = 25;
const BATCH = 10;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const ago = (ms: number) => new Date(Date.now() - ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const times = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));
const tag = () => randomBytes(6).toString('hex');

async function count(table: string, where = sql`true`): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    stack.db,
    sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE ${where}`,
  );
  return row?.n ?? 0;
}

describe('retention', () => {
  it('prunes old rows of five tables by the operator settings, in batches, and keeps recent ones', async () => {
    const operatorUser = await createUser(stack.db, 'operator');
    const operator = await loginAs(stack, operatorUser);
    const put = await operator.put('/api/v1/ops/settings/retention', {
      outboxDoneDays: 7,
      expiredSessionDays: 1,
      idempotencyKeyHours: 24,
      webhookReceiptDays: 30,
      sentMessageDays: 30,
      batchSize: BATCH,
    });
    expect(put.status).toBe(200);
    expect(put.body.batchSize).toBe(BATCH);
    const [changed] = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'settings'), eq(auditLog.entityId, 'retention')));
    expect(changed).toMatchObject({ actorId: operatorUser.id, action: 'settings.update' });
    // Only operators change it.
    const shopper = await loginAs(stack, await createUser(stack.db));
    expect((await shopper.put('/api/v1/ops/settings/retention', { batchSize: 20 })).status).toBe(
      403,
    );

    // Outbox: done 8 days ago goes; done 6 days ago, still pending (a delayed job created long
    // ago) and dead (kept for the operator) stay.
    const job = (status: 'done' | 'pending' | 'dead', at: Date, runAt = at) => ({
      eventId: `retention-test-${tag()}`,
      consumer: 'test.retention',
      topic: 'test.retention',
      payload: {},
      status,
      runAt,
      createdAt: at,
      doneAt: status === 'done' ? at : null,
    });
    await stack.db
      .insert(outbox)
      .values([
        ...times(OLD, () => job('done', ago(8 * DAY))),
        ...times(3, () => job('done', ago(6 * DAY))),
        job('pending', ago(8 * DAY), new Date(Date.now() + 2 * DAY)),
        job('dead', ago(30 * DAY)),
      ]);
    // Sessions: expired 2 days ago goes; expired 12 hours ago and live ones stay.
    const session = (expiresAt: Date) => ({
      idHash: tag(),
      userId: operatorUser.id,
      createdAt: ago(20 * DAY),
      expiresAt,
    });
    await stack.db
      .insert(sessions)
      .values([...times(OLD, () => session(ago(2 * DAY))), session(ago(12 * HOUR))]);
    // Idempotency keys: 25 hours old goes, 23 hours old stays.
    const key = (createdAt: Date) => ({
      userId: operatorUser.id,
      key: `retention-${tag()}`,
      requestHash: 'x',
      createdAt,
    });
    await stack.db
      .insert(idempotencyKeys)
      .values([...times(OLD, () => key(ago(25 * HOUR))), key(ago(23 * HOUR))]);
    // Webhook receipts and sent messages: 31 days old go, 29 days old stay.
    const receipt = (receivedAt: Date) => ({ eventId: `evt_${tag()}`, source: 'test', receivedAt });
    await stack.db
      .insert(webhookReceipts)
      .values([...times(OLD, () => receipt(ago(31 * DAY))), receipt(ago(29 * DAY))]);
    const message = (createdAt: Date) => ({
      channel: 'email' as const,
      recipient: `retention-${tag()}@example.test`,
      subject: 'old',
      body: 'old',
      createdAt,
    });
    await stack.db
      .insert(outgoingMessages)
      .values([...times(OLD, () => message(ago(31 * DAY))), message(ago(29 * DAY))]);

    const before = {
      outboxDone: await count('outbox', sql`consumer = 'test.retention' AND status = 'done'`),
      sessions: await count('sessions'),
      keys: await count('idempotency_keys'),
      receipts: await count('webhook_receipts'),
      messages: await count('outgoing_messages'),
    };

    // The job runs as production runs it: scheduled through the outbox, claimed by the worker.
    await scheduleRetention(stack.runtime.deps);
    await stack.runtime.worker.drain();

    expect(await count('outbox', sql`consumer = 'test.retention' AND status = 'done'`)).toBe(
      before.outboxDone - OLD,
    );
    expect(await count('outbox', sql`consumer = 'test.retention' AND status <> 'done'`)).toBe(2);
    expect(await count('sessions')).toBe(before.sessions - OLD);
    expect(await count('sessions', sql`expires_at > now() - interval '1 day'`)).toBeGreaterThan(0);
    expect(await count('idempotency_keys')).toBe(before.keys - OLD);
    expect(await count('webhook_receipts')).toBe(before.receipts - OLD);
    expect(await count('outgoing_messages')).toBe(before.messages - OLD);
    // The operator's own session is live and still works.
    expect((await operator.get('/api/v1/ops/settings/retention')).status).toBe(200);

    // The next run is booked an hour on, once, whichever worker ran this one.
    const next = await queryRows<{ run_at: string }>(
      stack.db,
      sql`SELECT run_at::text FROM outbox WHERE topic = ${RETENTION_TOPIC} AND status = 'pending'`,
    );
    expect(next).toHaveLength(1);
    const inMs = new Date(next[0]!.run_at).getTime() - Date.now();
    expect(inMs).toBeGreaterThan(50 * 60_000);
    expect(inMs).toBeLessThanOrEqual(60 * 60_000);
  });
});
