import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { orderEvents, orders, refunds } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  stockOf,
} from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Staff and shoppers retry when a click seems to hang. Every request that moves money or stock
// takes an Idempotency-Key: the retry answers the first result and nothing happens twice.
const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

let keys = 0;
const newKey = () => ({ 'idempotency-key': `retry-${Date.now()}-${keys++}` });

async function paidOrder(price = 9_000) {
  const shop = await createShop(stack.db, { stock: 10, priceFen: price });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 2 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo, 'alipay');
  await stack.settle();
  return { shop, shopper, merchant, orderNo };
}

async function orderIdOf(orderNo: string): Promise<number> {
  const [o] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
  return o!.id;
}

async function twice(client: TestClient, url: string, body: unknown) {
  const headers = newKey();
  const first = await client.post(url, body, headers);
  const second = await client.post(url, body, headers);
  return { first, second, headers };
}

describe('a retried request with the same Idempotency-Key', () => {
  it('ships once: one shipment event, stock moved once, the same answer twice', async () => {
    const { shop, merchant, orderNo } = await paidOrder();
    const ship = { carrier: '顺丰速运', trackingNo: 'SF7000000001' };
    const { first, second, headers } = await twice(
      merchant,
      `/api/v1/merchant/orders/${orderNo}/ship`,
      ship,
    );
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const stock = await stockOf(stack.db, shop.variantIds[0]!);
    expect(stock.shipped).toBe(2);
    const shipped = await stack.db
      .select()
      .from(orderEvents)
      .where(
        and(
          eq(orderEvents.orderId, await orderIdOf(orderNo)),
          eq(orderEvents.kind, 'order.shipped'),
        ),
      );
    expect(shipped).toHaveLength(1);

    const otherBody = await merchant.post(
      `/api/v1/merchant/orders/${orderNo}/ship`,
      { ...ship, trackingNo: 'SF7000000002' },
      headers,
    );
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('decides a cancellation request once: one refund, the same answer twice', async () => {
    const { shopper, merchant, orderNo } = await paidOrder();
    clock.advance(31 * 60_000);
    await merchant.post(`/api/v1/merchant/orders/${orderNo}/prepare`);
    const asked = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'logistics_delay',
    });
    const { first, second } = await twice(
      merchant,
      `/api/v1/merchant/cancellation-requests/${asked.body.request.id}/decision`,
      { decision: 'approve' },
    );
    expect(first.body).toMatchObject({ result: 'cancelled', request: { status: 'approved' } });
    expect(second.body).toEqual(first.body);
    const made = await stack.db
      .select()
      .from(refunds)
      .where(eq(refunds.orderId, await orderIdOf(orderNo)));
    expect(made).toHaveLength(1);
  });

  it('asks for after-sales once and the merchant decides it once', async () => {
    const { shopper, merchant, orderNo } = await paidOrder();
    await merchant.post(`/api/v1/merchant/orders/${orderNo}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF7000000003',
    });
    await merchant.post(`/api/v1/merchant/orders/${orderNo}/deliver`);
    const asked = await twice(shopper, `/api/v1/orders/${orderNo}/after-sales`, {
      kind: 'refund_only',
      selection: 'all',
      reasonCode: 'damaged',
    });
    expect(asked.first.status).toBe(201);
    expect(asked.second.status).toBe(201);
    expect(asked.second.body).toEqual(asked.first.body);

    const decided = await twice(
      merchant,
      `/api/v1/merchant/after-sales/${asked.first.body.id}/decision`,
      { decision: 'approve' },
    );
    expect(decided.first.status).toBe(200);
    expect(decided.second.body).toEqual(decided.first.body);
    const made = await stack.db
      .select()
      .from(refunds)
      .where(eq(refunds.orderId, await orderIdOf(orderNo)));
    expect(made).toHaveLength(1);
  });

  it('reviews a refund once', async () => {
    // ¥3,000 is over the review threshold: the cancellation's refund waits for the operator.
    const { shopper, orderNo } = await paidOrder(150_000);
    const cancelled = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'changed_mind',
    });
    const refundId = cancelled.body.refund.id as number;
    expect(cancelled.body.refund.status).toBe('pending_review');
    const operator = await loginAs(stack, await createUser(stack.db, 'operator'));
    const reviewed = await twice(operator, `/api/v1/ops/refunds/${refundId}/decision`, {
      decision: 'approve',
    });
    expect(reviewed.first.status).toBe(200);
    expect(reviewed.second.body).toEqual(reviewed.first.body);
    const [approvals] = await queryRows<{ n: number }>(
      stack.db,
      sql`SELECT count(*)::int AS n FROM refund_events WHERE refund_id = ${refundId} AND status = 'approved'`,
    );
    expect(approvals?.n).toBe(1);
  });
});
