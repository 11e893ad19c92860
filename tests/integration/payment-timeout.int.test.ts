import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { orders, payments } from '../../src/server/platform/db/schema/index.js';
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

const MINUTE = 60_000;
const DAY = 86_400_000;

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

async function place(client: TestClient, variantId: number, quantity: number): Promise<string> {
  const res = await client.post('/api/v1/orders', {
    items: [{ variantId, quantity }],
    fromCart: false,
    address: ADDRESS,
  });
  if (res.status !== 201) throw new Error(`place failed ${res.status}`);
  return res.body.orders[0].orderNo as string;
}

async function paymentRow(orderNo: string) {
  const [o] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
  return stack.db.select().from(payments).where(eq(payments.orderId, o!.id));
}

describe('the unpaid-order timeout', () => {
  it('cancels an order left unpaid past 30 minutes and voids its payment; a paid one stays', async () => {
    const shop = await createShop(stack.db, { stock: 10, priceFen: 2_000 });
    const variantId = shop.variantIds[0]!;
    const shopper = await loginAs(stack, await createUser(stack.db));

    // A: the shopper opened the pay page but never paid.
    const abandoned = await place(shopper, variantId, 2);
    const pay = await shopper.post(`/api/v1/orders/${abandoned}/pay`);
    expect(pay.status).toBe(200);
    const payPath = new URL(pay.body.payUrl as string).pathname;
    // B: paid in time.
    const paid = await place(shopper, variantId, 3);
    await payThroughSandbox(stack, shopper, paid, 'wechat');
    // C: never even started paying.
    const forgotten = await place(shopper, variantId, 1);
    await stack.settle();
    expect(await stockOf(stack.db, variantId)).toMatchObject({ available: 4, reserved: 6 });

    // One minute before the deadline, nothing happens.
    clock.advance(29 * MINUTE);
    await stack.settle();
    for (const no of [abandoned, forgotten])
      expect((await shopper.get(`/api/v1/orders/${no}`)).body.status).toBe('pending_payment');

    clock.advance(2 * MINUTE);
    await stack.settle();

    for (const no of [abandoned, forgotten]) {
      const detail = (await shopper.get(`/api/v1/orders/${no}`)).body;
      expect(detail.status).toBe('cancelled');
      expect(detail.shopperActions).toEqual([]);
      const cancelled = detail.timeline.find((e: { kind: string }) => e.kind === 'order.cancelled');
      expect(cancelled).toMatchObject({ actorRole: 'system', data: { reason: 'payment_timeout' } });
      expect(detail.lines[0].qtyCancelled).toBe(detail.lines[0].qtyOrdered);
    }
    // Every unit of A and C is back on the shelf; B's stay reserved.
    const stock = await stockOf(stack.db, variantId);
    expect(stock).toMatchObject({ available: 7, reserved: 3, shipped: 0 });
    expect(stock.ledger).toEqual({ received: 10, reserved: 3, shipped: 0 });

    // The provider's payment is voided: paying on its page now is refused.
    expect((await paymentRow(abandoned)).map((p) => p.status)).toEqual(['voided']);
    const late = await fetch(`${stack.sandboxUrl}${payPath}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'alipay' }).toString(),
      redirect: 'manual',
    });
    expect(late.status).toBe(409);
    await stack.settle();
    expect((await shopper.get(`/api/v1/orders/${abandoned}`)).body).toMatchObject({
      status: 'cancelled',
      paidFen: 0,
    });
    // Nor can the shopper start paying again.
    const again = await shopper.post(`/api/v1/orders/${abandoned}/pay`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ORDER_NOT_PAYABLE');

    // The paid order was not touched by its timeout job.
    const kept = (await shopper.get(`/api/v1/orders/${paid}`)).body;
    expect(kept.status).toBe('awaiting_shipment');
    expect(kept.paidFen).toBe(6_000);
    expect(kept.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'order.placed',
      'order.paid',
    ]);
    expect((await paymentRow(paid)).map((p) => p.status)).toEqual(['succeeded']);
    expect((await shopper.get('/api/v1/orders/counts')).body).toMatchObject({
      cancelled: 2,
      awaiting_shipment: 1,
      pending_payment: 0,
    });

    // Running the jobs again changes nothing.
    clock.advance(60 * MINUTE);
    await stack.settle();
    expect(await stockOf(stack.db, variantId)).toEqual(stock);
  });
});

describe('automatic completion', () => {
  it('completes a shipped order AUTO_COMPLETE_DAYS after shipping, not before', async () => {
    const days = stack.config.autoCompleteDays;
    expect(days).toBe(10);
    const shop = await createShop(stack.db, { stock: 5, priceFen: 1_000 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const orderNo = await place(shopper, shop.variantIds[0]!, 1);
    await payThroughSandbox(stack, shopper, orderNo);
    await stack.settle();
    const shipped = await merchant.post(`/api/v1/merchant/orders/${orderNo}/ship`, {
      carrier: '圆通速递',
      trackingNo: 'YT0000111122',
    });
    expect(shipped.status).toBe(200);

    clock.advance((days - 1) * DAY);
    await stack.settle();
    expect((await shopper.get(`/api/v1/orders/${orderNo}`)).body.status).toBe('shipped');

    clock.advance(DAY + MINUTE);
    await stack.settle();
    const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    expect(detail.status).toBe('completed');
    expect(detail.shopperActions).toEqual([]);
    expect(detail.timeline.at(-1)).toMatchObject({
      kind: 'order.completed',
      actorRole: 'system',
      data: { auto: true },
    });
    expect(new Date(detail.shipment.completedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(detail.shipment.shippedAt).getTime() + days * DAY,
    );
  });

  it('leaves an order the shopper already confirmed as it was', async () => {
    const shop = await createShop(stack.db, { stock: 5, priceFen: 1_000 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const orderNo = await place(shopper, shop.variantIds[0]!, 1);
    await payThroughSandbox(stack, shopper, orderNo);
    await stack.settle();
    await merchant.post(`/api/v1/merchant/orders/${orderNo}/ship`, {
      carrier: '圆通速递',
      trackingNo: 'YT0000333344',
    });
    const confirmed = await shopper.post(`/api/v1/orders/${orderNo}/confirm-receipt`);
    expect(confirmed.status).toBe(200);
    const before = confirmed.body;

    clock.advance((stack.config.autoCompleteDays + 1) * DAY);
    await stack.settle();
    const after = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    expect(after.status).toBe('completed');
    expect(after.timeline).toEqual(before.timeline);
    expect(after.shipment.completedAt).toBe(before.shipment.completedAt);
  });
});
