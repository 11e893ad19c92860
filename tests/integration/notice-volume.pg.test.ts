import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { cancelOrders, paidOrders } from './refund-support.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 24, env: { WORKER_CONCURRENCY: '16' } });
});
afterAll(async () => {
  await stack?.close();
});

/** Jobs due now (delayed ones, like each order's payment timeout, wait for their time). */
async function pendingJobs(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    stack.db,
    sql`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending' AND run_at <= now()`,
  );
  return row?.n ?? 0;
}

describe('notices at volume', () => {
  it('1,000 cancellations give exactly 1,000 订单取消成功 emails and in-app notices, each naming its order', async () => {
    const orders = await paidOrders(stack, [{ group: 'volume', priceFen: 4_900, count: 1_000 }]);
    await cancelOrders(orders, 16);
    for (let round = 0; round < 20 && (await pendingJobs()) > 0; round++) await stack.settle();
    const stuck = await queryRows<{ consumer: string; n: number; err: string | null }>(
      stack.db,
      sql`SELECT consumer, count(*)::int AS n, max(last_error) AS err FROM outbox
          WHERE status = 'pending' AND run_at <= now() GROUP BY consumer`,
    );
    expect(stuck).toEqual([]);

    const emails = await queryRows<{ recipient: string; body: string }>(
      stack.db,
      sql`SELECT recipient, body FROM outgoing_messages WHERE channel = 'email' AND subject = '【B特派】订单取消成功'`,
    );
    expect(emails).toHaveLength(1_000);
    // Each order's number appears in exactly one cancellation email.
    const named = new Map<string, number>();
    for (const e of emails) {
      const orderNo = /\d{18}/.exec(e.body)?.[0] ?? '';
      named.set(orderNo, (named.get(orderNo) ?? 0) + 1);
    }
    expect([...named.keys()].sort()).toEqual(orders.map((o) => o.orderNo).sort());
    expect([...named.values()].every((n) => n === 1)).toBe(true);

    const inApp = await queryRows<{ order_no: string; body: string }>(
      stack.db,
      sql`SELECT o.order_no, n.body FROM notices n JOIN orders o ON o.id = n.order_id
          WHERE n.channel = 'in_app' AND n.template = 'order_cancelled'`,
    );
    expect(inApp).toHaveLength(1_000);
    expect(inApp.every((n) => n.body.includes(n.order_no))).toBe(true);
    expect(new Set(inApp.map((n) => n.order_no)).size).toBe(1_000);
  }, 420_000);
});
