import { asc, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { EVENTS, type AppOutbox } from '../../src/server/events.js';
import { runCancellation } from '../../src/server/modules/cancellation/cancel.js';
import { placeOrders } from '../../src/server/modules/orders/place-order.js';
import {
  recordPaymentSuccess,
  sandboxSuccess,
} from '../../src/server/modules/payments/record-payment.js';
import type { Db } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import {
  cancellationLines,
  cancellations,
  orderEvents,
  orderLines,
  orders,
  outbox,
  payments,
  refunds,
} from '../../src/server/platform/db/schema/index.js';
import { withTx } from '../../src/server/platform/db/tx.js';
import { OutboxRegistry } from '../../src/server/platform/outbox/outbox.js';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { ADDRESS, createShop, createUser, stockOf } from '../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

// The use-case tier: the cancellation use case called directly (no HTTP) on a real database,
// PostgreSQL and PGlite. Each test checks what a caller of the use case relies on: the rows it
// writes, the events it emits, and that its answer matches what a read returns afterwards.

const MINUTE = 60_000;
let testDb: TestDatabase;
let db: Db;
const clock = new ManualClock(new Date('2026-11-28T02:00:00Z'));
const outboxRegistry: AppOutbox = new OutboxRegistry(clock, EVENTS);
// One recording consumer per topic the use case emits: its rows are the events as written.
for (const topic of [
  'order.cancelled',
  'refund.created',
  'payment.void_requested',
  'cancellation.requested',
  'cancellation.decided',
  'cancellation.request_timeout',
  'order.payment_timeout',
] as const)
  outboxRegistry.subscribe(topic, `uc.${topic}`, () => Promise.resolve());

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
});
afterAll(async () => {
  await testDb?.drop();
});

const ctxOf = (
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  actor: { id: number | null; role: string } = SHOPPER(),
) => ({
  tx,
  outbox: outboxRegistry,
  actor,
  now: clock.now(),
  requestId: 'uc-test',
});
let shopperId = 0;
const SHOPPER = () => ({ id: shopperId, role: 'shopper' });
const SYSTEM = { id: null, role: 'system' };

async function placed(quantity = 2, priceFen = 3_000) {
  const shop = await createShop(db, { stock: 10, priceFen });
  shopperId = (await createUser(db)).id;
  const [order] = await withTx(db, (tx) =>
    placeOrders(tx, outboxRegistry, {
      shopperId,
      items: [{ variantId: shop.variantIds[0]!, quantity }],
      fromCart: false,
      address: ADDRESS,
      now: clock.now(),
      paymentTimeoutMinutes: 30,
    }),
  );
  return { shop, order: order!.order, placed: order! };
}

async function paid(quantity = 2, priceFen = 3_000) {
  const p = await placed(quantity, priceFen);
  const providerId = `pay_uc_${p.order.id}`;
  await db.insert(payments).values({
    orderId: p.order.id,
    idempotencyKey: `pay-${p.order.orderNo}`,
    providerPaymentId: providerId,
    amountFen: p.order.payableFen,
    status: 'pending',
  });
  await withTx(db, (tx) =>
    recordPaymentSuccess(
      tx,
      outboxRegistry,
      sandboxSuccess({
        id: providerId,
        status: 'succeeded',
        amountFen: p.order.payableFen,
        channel: 'wechat',
        merchantOrderNo: p.order.orderNo,
        payUrl: '',
        succeededAt: clock.now(),
      }),
      clock.now(),
    ),
  );
  return p;
}

/** The outbox rows written after `since` (an outbox id), in order. */
async function eventsAfter(since: number) {
  return db.select().from(outbox).where(gt(outbox.id, since)).orderBy(asc(outbox.id));
}
async function lastOutboxId(): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`SELECT coalesce(max(id), 0)::int AS id FROM outbox`,
  );
  return row?.id ?? 0;
}

describe('the cancellation use case', () => {
  it('cancels a paid order: ledger, refund, stock and events, and answers with the timeline a read returns', async () => {
    const { shop, order } = await paid(2, 3_000);
    const since = await lastOutboxId();
    const done = await withTx(db, (tx) =>
      runCancellation(
        ctxOf(tx),
        {
          target: { orderNo: order.orderNo },
          scope: { shopperId },
          command: { kind: 'cancel', selection: 'all', reasonCode: 'price' },
        },
        { timeline: true },
      ),
    );
    expect(done.outcome).toBe('cancelled');
    expect(done.order.status).toBe('cancelled');
    expect(done.refund).toMatchObject({ amountFen: 6_000, channel: 'wechat', status: 'approved' });

    const [ledger] = await db
      .select()
      .from(cancellations)
      .where(eq(cancellations.orderId, order.id));
    expect(ledger).toMatchObject({ kind: 'instant', whole: true, refundFen: 6_000 });
    expect(
      await db
        .select()
        .from(cancellationLines)
        .where(eq(cancellationLines.cancellationId, ledger!.id)),
    ).toMatchObject([{ quantity: 2, refundFen: 6_000 }]);
    const [refund] = await db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(refund).toEqual(done.refund);
    expect(await stockOf(db, shop.variantIds[0]!)).toMatchObject({ available: 10, reserved: 0 });

    const timeline = await db
      .select()
      .from(orderEvents)
      .where(eq(orderEvents.orderId, order.id))
      .orderBy(asc(orderEvents.id));
    expect(done.timeline?.map((e) => [e.kind, e.createdAt.toISOString(), e.data])).toEqual(
      timeline.map((e) => [e.kind, e.createdAt.toISOString(), e.data]),
    );
    const events = await eventsAfter(since);
    expect(events.map((e) => [e.topic, e.payload])).toEqual([
      ['refund.created', { refundId: refund!.id }],
      [
        'order.cancelled',
        { orderId: order.id, cancellationId: ledger!.id, whole: true, kind: 'instant' },
      ],
    ]);
  });

  it('writes nothing when it refuses, and answers a repeat with the result it already has', async () => {
    const { order } = await paid(1);
    const cancel = () =>
      withTx(db, (tx) =>
        runCancellation(ctxOf(tx), {
          target: { id: order.id },
          scope: { shopperId },
          command: { kind: 'cancel', selection: [{ lineId: 0, quantity: 1 }], reasonCode: 'price' },
        }),
      );
    await expect(cancel()).rejects.toMatchObject({ code: 'CANCEL_LINE_NOT_CANCELLABLE' });
    expect(
      await db.select().from(cancellations).where(eq(cancellations.orderId, order.id)),
    ).toEqual([]);
    const first = await withTx(db, (tx) =>
      runCancellation(ctxOf(tx), {
        target: { id: order.id },
        scope: { shopperId },
        command: { kind: 'cancel', selection: 'all', reasonCode: 'price' },
      }),
    );
    const again = await withTx(db, (tx) =>
      runCancellation(ctxOf(tx), {
        target: { id: order.id },
        scope: { shopperId },
        command: { kind: 'cancel', selection: 'all', reasonCode: 'price' },
      }),
    );
    expect(again.outcome).toBe('already_cancelled');
    expect(again.refund?.id).toBe(first.refund?.id);
    const rows = await db.select().from(cancellations).where(eq(cancellations.orderId, order.id));
    expect(rows).toHaveLength(1);
  });

  it('closes an unpaid order at its deadline in the ledger, once, and not before', async () => {
    const { shop, order } = await placed(3);
    const timeout = () =>
      withTx(db, (tx) =>
        runCancellation(ctxOf(tx, SYSTEM), {
          target: { id: order.id },
          scope: { any: true },
          command: { kind: 'payment_timeout' },
        }),
      );
    expect((await timeout()).outcome).toBe('not_due');
    clock.advance(31 * MINUTE);
    const since = await lastOutboxId();
    expect((await timeout()).outcome).toBe('cancelled');
    expect((await timeout()).outcome).toBe('not_due');
    const rows = await db.select().from(cancellations).where(eq(cancellations.orderId, order.id));
    expect(rows).toMatchObject([
      { kind: 'payment_timeout', reasonCode: 'payment_timeout', actorRole: 'system', refundFen: 0 },
    ]);
    expect(await stockOf(db, shop.variantIds[0]!)).toMatchObject({ available: 10, reserved: 0 });
    const [o] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(o?.status).toBe('cancelled');
    const events = await eventsAfter(since);
    expect(events.map((e) => e.payload)).toEqual([
      { orderId: order.id, cancellationId: rows[0]!.id, whole: true, kind: 'payment_timeout' },
    ]);
  });

  it('turns a late cancel into a request; the merchant’s decision and the SLA job meet on one outcome', async () => {
    const { order } = await paid(2);
    await db.update(orders).set({ preparingAt: clock.now() }).where(eq(orders.id, order.id));
    clock.advance(45 * MINUTE);
    const asked = await withTx(db, (tx) =>
      runCancellation(ctxOf(tx), {
        target: { id: order.id },
        scope: { shopperId },
        command: { kind: 'cancel', selection: 'all', reasonCode: 'personal' },
      }),
    );
    expect(asked.outcome).toBe('requested');
    const requestId = asked.request!.id;
    const merchant = { id: (await createUser(db, 'merchant', order.shopId)).id, role: 'merchant' };
    const decide = (decision: 'approve' | 'timeout', actor: { id: number | null; role: string }) =>
      withTx(db, (tx) =>
        runCancellation(ctxOf(tx, actor), {
          target: { requestId },
          scope: decision === 'timeout' ? { any: true } : { shopId: order.shopId },
          command: { kind: 'decide', requestId, decision },
        }),
      );
    // Before the SLA deadline the job is refused; the merchant's approval wins, once.
    await expect(decide('timeout', SYSTEM)).rejects.toBeInstanceOf(DomainError);
    const approved = await decide('approve', merchant);
    expect(approved).toMatchObject({ outcome: 'cancelled', request: { status: 'approved' } });
    clock.advance(25 * 60 * MINUTE);
    await expect(decide('timeout', SYSTEM)).rejects.toMatchObject({
      code: 'CANCELLATION_REQUEST_DECIDED',
    });
    const [ledger] = await queryRows<{ kind: string; request_id: string }>(
      db,
      sql`SELECT kind, request_id::text FROM cancellations WHERE order_id = ${order.id}`,
    );
    expect(ledger).toEqual({ kind: 'request_approved', request_id: String(requestId) });
  });
});

describe('the place-order use case', () => {
  it('reserves stock through the ledger and schedules the payment deadline', async () => {
    const { shop, order } = await placed(4);
    expect(order.status).toBe('pending_payment');
    expect(await stockOf(db, shop.variantIds[0]!)).toMatchObject({
      available: 6,
      reserved: 4,
      ledger: { received: 10, reserved: 4, shipped: 0 },
    });
    const [deadline] = (
      await db.select().from(outbox).where(eq(outbox.topic, 'order.payment_timeout'))
    ).filter((r) => (r.payload as { orderId: number }).orderId === order.id);
    expect(deadline?.runAt.getTime()).toBe(order.paymentDeadline.getTime());
  });

  it('answers with exactly the rows a read returns, though it reads nothing back', async () => {
    const { placed: answer } = await placed(3);
    const [order] = await db.select().from(orders).where(eq(orders.id, answer.order.id));
    const lines = await db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, answer.order.id))
      .orderBy(asc(orderLines.id));
    expect(answer.order).toEqual(order);
    expect(answer.lines).toEqual(lines);
    expect(answer.shop.id).toBe(order?.shopId);
  });
});
