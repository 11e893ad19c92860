import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { idempotencyKeys } from '../../src/server/platform/db/schema/index.js';
import {
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  type TestUser,
} from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { assertInvariants, expectDomainError, outboxProblems, placeOrder } from './race-support.js';

// Real concurrent connections: PostgreSQL only. Many sends of 取消订单 for one order at once:
// double clicks with one Idempotency-Key, several devices with their own, and partial cancels
// of one line that together ask for more units than are left.
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 32 });
});
afterAll(async () => {
  await stack?.close();
});

interface Paid {
  user: TestUser;
  shopper: TestClient;
  orderNo: string;
  orderId: number;
  paidFen: number;
  lines: { id: number; qtyOrdered: number; paidFen: number }[];
}

async function paidOrder(items: { quantity: number }[], shippingFeeFen = 1_000): Promise<Paid> {
  const shop = await createShop(stack.db, {
    stock: 20,
    priceFen: 2_999,
    variants: items.length,
    shippingFeeFen,
  });
  const user = await createUser(stack.db);
  const shopper = await loginAs(stack, user);
  const [order] = await placeOrder(
    shopper,
    items.map((it, i) => ({ variantId: shop.variantIds[i]!, quantity: it.quantity })),
  );
  await payThroughSandbox(stack, shopper, order!.orderNo);
  await stack.settle();
  const detail = await shopper.get(`/api/v1/orders/${order!.orderNo}`);
  expect(detail.body.status).toBe('awaiting_shipment');
  const [row] = await queryRows<{ id: number }>(
    stack.db,
    sql`SELECT id::int AS id FROM orders WHERE order_no = ${order!.orderNo}`,
  );
  return {
    user,
    shopper,
    orderNo: order!.orderNo,
    orderId: row!.id,
    paidFen: detail.body.paidFen,
    lines: detail.body.lines.map((l: any) => ({
      id: l.id,
      qtyOrdered: l.qtyOrdered,
      paidFen: l.paidFen,
    })),
  };
}

async function countsOf(orderId: number) {
  const [row] = await queryRows<{
    cancellations: number;
    refunds: number;
    refund_fen: number;
    status: string;
  }>(
    stack.db,
    sql`SELECT (SELECT count(*) FROM cancellations WHERE order_id = ${orderId})::int AS cancellations,
      (SELECT count(*) FROM refunds WHERE order_id = ${orderId})::int AS refunds,
      COALESCE((SELECT SUM(amount_fen) FROM refunds WHERE order_id = ${orderId}), 0)::int AS refund_fen,
      (SELECT status FROM orders WHERE id = ${orderId}) AS status`,
  );
  return row!;
}

async function linesOf(orderId: number) {
  return queryRows<{ id: number; qty_cancelled: number; refunded_fen: number }>(
    stack.db,
    sql`SELECT id::int AS id, qty_cancelled, refunded_fen::int AS refunded_fen
      FROM order_lines WHERE order_id = ${orderId} ORDER BY id`,
  );
}

function cancelAll(p: Paid, n: number, headers: (i: number) => Record<string, string>) {
  // Built first, released together.
  const calls = Array.from(
    { length: n },
    (_, i) => () =>
      p.shopper.post(
        `/api/v1/orders/${p.orderNo}/cancellation`,
        { selection: 'all', reasonCode: 'changed_mind' },
        headers(i),
      ),
  );
  return Promise.all(calls.map((c) => c()));
}

describe('concurrent sends of 取消订单 for one order', () => {
  it('answers 20 double clicks with one Idempotency-Key identically and cancels once', async () => {
    const p = await paidOrder([{ quantity: 2 }, { quantity: 1 }]);
    const key = `cancel-dbl-${p.orderNo}`;
    const results = await cancelAll(p, 20, () => ({ 'idempotency-key': key }));

    for (const r of results) expect(r.status).toBe(200);
    const first = JSON.stringify(results[0]!.body);
    const differing = results.filter((r) => JSON.stringify(r.body) !== first);
    expect(differing.map((r) => JSON.stringify(r.body))).toEqual([]);
    expect(results[0]!.body).toMatchObject({
      result: 'cancelled',
      order: { status: 'cancelled' },
      refund: { amountFen: p.paidFen },
    });
    expect(await countsOf(p.orderId)).toEqual({
      cancellations: 1,
      refunds: 1,
      refund_fen: p.paidFen,
      status: 'cancelled',
    });
    const keys = await stack.db
      .select()
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.userId, p.user.id));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ key, responseStatus: 200 });

    // Sent again later, the key still replays the same answer.
    const later = await cancelAll(p, 1, () => ({ 'idempotency-key': key }));
    expect(JSON.stringify(later[0]!.body)).toBe(first);
    await assertInvariants(stack.db);
  });

  it('cancels once for 20 sends with different keys or none; the rest are told it is already cancelled', async () => {
    const p = await paidOrder([{ quantity: 3 }]);
    const results = await cancelAll(p, 20, (i): Record<string, string> =>
      i % 2 === 0 ? { 'idempotency-key': `cancel-dev-${i}-${p.orderNo}` } : {},
    );

    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const won = results.filter((r) => r.body.result === 'cancelled');
    const told = results.filter((r) => r.body.result === 'already_cancelled');
    expect(won).toHaveLength(1);
    expect(told).toHaveLength(19);
    const refundId = won[0]!.body.refund.id;
    expect(won[0]!.body.refund.amountFen).toBe(p.paidFen);
    for (const r of told) {
      expect(r.body.refund).toMatchObject({ id: refundId, amountFen: p.paidFen });
      expect(r.body.order.status).toBe('cancelled');
    }
    expect(await countsOf(p.orderId)).toEqual({
      cancellations: 1,
      refunds: 1,
      refund_fen: p.paidFen,
      status: 'cancelled',
    });
    await assertInvariants(stack.db);
  });

  it('lets exactly 5 of 10 one-unit cancels of a 5-unit line succeed, and ends cancelled', async () => {
    const p = await paidOrder([{ quantity: 5 }]);
    const line = p.lines[0]!;
    const calls = Array.from(
      { length: 10 },
      (_, i) => () =>
        p.shopper.post(
          `/api/v1/orders/${p.orderNo}/cancellation`,
          { selection: [{ lineId: line.id, quantity: 1 }], reasonCode: 'price' },
          { 'idempotency-key': `cancel-unit-${i}-${p.orderNo}` },
        ),
    );
    const results = await Promise.all(calls.map((c) => c()));

    const won = results.filter((r) => r.status === 200 && r.body.result === 'cancelled');
    const rest = results.filter((r) => !won.includes(r));
    expect(won).toHaveLength(5);
    for (const r of rest) expectAlreadyCancelledOrExceeded(r);
    // The last unit brings the shipping back; the units' shares telescope to the line's total.
    const amounts = won.map((r) => r.body.refund.amountFen as number);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(p.paidFen);
    expect(new Set(won.map((r) => r.body.refund.id)).size).toBe(5);
    const [l] = await linesOf(p.orderId);
    expect(l).toEqual({ id: line.id, qty_cancelled: 5, refunded_fen: line.paidFen });
    expect(await countsOf(p.orderId)).toEqual({
      cancellations: 5,
      refunds: 5,
      refund_fen: p.paidFen,
      status: 'cancelled',
    });
    await assertInvariants(stack.db);
  });

  it('lets exactly 2 of 10 two-unit cancels of a 5-unit line succeed; the others exceed what is left', async () => {
    const p = await paidOrder([{ quantity: 5 }]);
    const line = p.lines[0]!;
    const calls = Array.from(
      { length: 10 },
      (_, i) => () =>
        p.shopper.post(
          `/api/v1/orders/${p.orderNo}/cancellation`,
          { selection: [{ lineId: line.id, quantity: 2 }], reasonCode: 'personal' },
          i % 3 === 0 ? {} : { 'idempotency-key': `cancel-two-${i}-${p.orderNo}` },
        ),
    );
    const results = await Promise.all(calls.map((c) => c()));

    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(2);
    for (const r of won) expect(r.body.result).toBe('cancelled');
    for (const r of results.filter((x) => x.status !== 200)) {
      expectDomainError(r, 'CANCEL_QUANTITY_EXCEEDED');
    }
    // 4 of 5 units gone, floor(linePaid × 4 / 5) refunded, no shipping: one unit still to ship.
    const expected = Math.floor((line.paidFen * 4) / 5);
    const [l] = await linesOf(p.orderId);
    expect(l).toEqual({ id: line.id, qty_cancelled: 4, refunded_fen: expected });
    expect(await countsOf(p.orderId)).toEqual({
      cancellations: 2,
      refunds: 2,
      refund_fen: expected,
      status: 'awaiting_shipment',
    });
    await assertInvariants(stack.db);
  });

  it('never over-cancels when partial and whole cancels of a two-line order race', async () => {
    const p = await paidOrder([{ quantity: 3 }, { quantity: 2 }]);
    const [a, b] = p.lines as [Paid['lines'][0], Paid['lines'][0]];
    const bodies = [
      ...Array.from({ length: 6 }, () => [{ lineId: a.id, quantity: 1 }]),
      ...Array.from({ length: 4 }, () => [{ lineId: b.id, quantity: 1 }]),
      [
        { lineId: a.id, quantity: 1 },
        { lineId: b.id, quantity: 1 },
      ],
      'all' as const,
      'all' as const,
    ];
    const calls = bodies.map(
      (selection, i) => () =>
        p.shopper.post(
          `/api/v1/orders/${p.orderNo}/cancellation`,
          { selection, reasonCode: 'changed_mind' },
          { 'idempotency-key': `cancel-mix-${i}-${p.orderNo}` },
        ),
    );
    const results = await Promise.all(calls.map((c) => c()));

    for (const r of results) {
      if (r.status === 200) expect(['cancelled', 'already_cancelled']).toContain(r.body.result);
      else
        expect(['CANCEL_QUANTITY_EXCEEDED', 'CANCEL_LINE_NOT_CANCELLABLE']).toContain(
          r.body.error.code,
        );
    }
    const lines = await linesOf(p.orderId);
    for (const l of lines) {
      const spec = p.lines.find((x) => x.id === l.id)!;
      expect(l.qty_cancelled).toBeLessThanOrEqual(spec.qtyOrdered);
      expect(l.refunded_fen).toBeLessThanOrEqual(spec.paidFen);
    }
    // Either an 'all' ran last and took what was left, or the units ran out one by one:
    // every unit is cancelled exactly once and everything paid comes back.
    expect(lines.map((l) => l.qty_cancelled)).toEqual([3, 2]);
    const counts = await countsOf(p.orderId);
    expect(counts).toMatchObject({ status: 'cancelled', refund_fen: p.paidFen });
    expect(counts.refunds).toBe(counts.cancellations);
    await assertInvariants(stack.db);
    // The refunds are paid out by the worker; nothing may be left failed or stuck.
    await stack.settle();
    expect(await outboxProblems(stack.db, stack.clock.now())).toEqual([]);
  });
});

function expectAlreadyCancelledOrExceeded(r: TestResponse): void {
  if (r.status === 200) {
    expect(r.body.result).toBe('already_cancelled');
    expect(r.body.order.status).toBe('cancelled');
  } else {
    expectDomainError(r, 'CANCEL_QUANTITY_EXCEEDED');
  }
}
