import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { createShop, createUser, loginAs } from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { expectDomainError, placeOrder } from './race-support.js';
import { waitFor } from './worker-process.js';

// A pooled connection killed in the middle of a request: the caller gets a retryable 503 in
// the one error shape (with Retry-After and the request id), not a 500 and not a hang; the
// same request sent again with the same Idempotency-Key then does its work, once.
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 4 });
});
afterAll(async () => {
  await stack?.close();
});

describe('a pool connection killed mid-request', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After; the retry cancels the order once', async () => {
    const shop = await createShop(stack.db, { stock: 5, priceFen: 1_999 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const [order] = await placeOrder(shopper, [{ variantId: shop.variantIds[0]!, quantity: 1 }]);
    const orderNo = order!.orderNo;

    // Hold the order's row lock from outside, so the cancel's transaction waits on it.
    const blocker = new pg.Client({ connectionString: stack.testDb.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM orders WHERE order_no = $1 FOR UPDATE', [orderNo]);

    const body = { selection: 'all', reasonCode: 'changed_mind' };
    const key = { 'idempotency-key': `conn-loss-${orderNo}` };
    const pending = shopper.post(`/api/v1/orders/${orderNo}/cancellation`, body, key);
    const waiting = async () =>
      (
        await queryRows<{ pid: number }>(
          stack.db,
          sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()
            AND application_name = 'btp' AND wait_event_type = 'Lock'`,
        )
      ).map((r) => r.pid);
    expect(await waitFor(async () => (await waiting()).length === 1, 10_000)).toBe(true);
    const [pid] = await waiting();
    await queryRows(stack.db, sql`SELECT pg_terminate_backend(${pid}::int)`);

    const res = await pending;
    expectDomainError(res, 'SERVICE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('1');
    await blocker.query('COMMIT');
    await blocker.end();

    const retry = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, body, key);
    expect(retry.status).toBe(200);
    expect(retry.body.order.status).toBe('cancelled');
    const [row] = await queryRows<{ n: number }>(
      stack.db,
      sql`SELECT count(*)::int AS n FROM cancellations c JOIN orders o ON o.id = c.order_id
        WHERE o.order_no = ${orderNo}`,
    );
    expect(row?.n).toBe(1);
  });
});
