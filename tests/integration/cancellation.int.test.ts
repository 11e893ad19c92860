import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { cancellations, orders, refunds } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  stockOf,
} from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

async function paidOrder(opts: { stock?: number; quantity?: number; variants?: number } = {}) {
  const shop = await createShop(stack.db, {
    stock: opts.stock ?? 10,
    priceFen: 10_000,
    shippingFeeFen: 1_000,
    variants: opts.variants ?? 1,
  });
  const shopperUser = await createUser(stack.db);
  const shopper = await loginAs(stack, shopperUser);
  const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
  const placed = await shopper.post('/api/v1/orders', {
    items: shop.variantIds.map((variantId) => ({ variantId, quantity: opts.quantity ?? 2 })),
    fromCart: false,
    address: ADDRESS,
  });
  expect(placed.status).toBe(201);
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo, 'alipay');
  await stack.settle();
  return { shop, shopper, shopperUser, merchant, orderNo, order: placed.body.orders[0] };
}

describe('cancellation', () => {
  it('cancels a paid order that is not being prepared at once, refunds it and restocks', async () => {
    const { shop, shopper, orderNo } = await paidOrder();
    const options = await shopper.get(`/api/v1/orders/${orderNo}/cancellation`);
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ mode: 'instant', blockedBy: null, partialAllowed: true });
    expect(options.body.reasons.map((r: { zh: string }) => r.zh)).toContain('价格因素');
    // Nothing remains to ship, so the shipping fee comes back too.
    expect(options.body.preview).toMatchObject({
      goodsRefundFen: 20_000,
      shippingRefundFen: 1_000,
      totalFen: 21_000,
      channel: 'alipay',
    });

    const res = await shopper.post(
      `/api/v1/orders/${orderNo}/cancellation`,
      { selection: 'all', reasonCode: 'price' },
      { 'idempotency-key': `cancel-${orderNo}` },
    );
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('cancelled');
    expect(res.body.order.status).toBe('cancelled');
    expect(res.body.refund).toMatchObject({
      amountFen: options.body.preview.totalFen,
      channel: 'alipay',
      status: 'approved',
    });
    expect(res.body.order.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['order.cancelled', 'refund.created']),
    );
    // The answer is built without re-reading the order; it must be what a re-read shows.
    expect(res.body.order).toEqual((await shopper.get(`/api/v1/orders/${orderNo}`)).body);
    expect(await stockOf(stack.db, shop.variantIds[0]!)).toMatchObject({
      available: 10,
      reserved: 0,
    });

    // A repeat (double click, second device) answers with the existing result.
    const again = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    expect(again.body).toMatchObject({
      result: 'already_cancelled',
      refund: { id: res.body.refund.id },
    });
    const rows = await stack.db
      .select()
      .from(cancellations)
      .where(
        eq(
          cancellations.orderId,
          (await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!.id,
        ),
      );
    expect(rows).toHaveLength(1);
  });

  it('partially cancels chosen units; the rest stays to ship, and shipping is refunded only with the last unit', async () => {
    const { shopper, orderNo } = await paidOrder({ quantity: 3 });
    const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    const lineId = detail.lines[0].id;
    const preview = await shopper.get(`/api/v1/orders/${orderNo}/cancellation?lines=${lineId}:1`);
    expect(preview.body.preview).toMatchObject({ totalFen: 10_000, shippingRefundFen: 0 });
    const first = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: [{ lineId, quantity: 1 }],
      reasonCode: 'changed_mind',
    });
    expect(first.body.error, JSON.stringify(first.body)).toBeUndefined();
    expect(first.body.result).toBe('cancelled');
    expect(first.body.order).toMatchObject({ status: 'awaiting_shipment' });
    expect(first.body.order.lines[0]).toMatchObject({ qtyCancelled: 1 });
    expect(first.body.order).toEqual((await shopper.get(`/api/v1/orders/${orderNo}`)).body);

    const tooMany = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: [{ lineId, quantity: 3 }],
      reasonCode: 'changed_mind',
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe('CANCEL_QUANTITY_EXCEEDED');

    const rest = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'other',
      reasonText: '买重复了',
    });
    expect(rest.body.order.status).toBe('cancelled');
    expect(rest.body.order).toEqual((await shopper.get(`/api/v1/orders/${orderNo}`)).body);
    expect(rest.body.refund.amountFen).toBe(20_000 + 1_000);
    const all = await stack.db
      .select()
      .from(refunds)
      .where(
        eq(
          refunds.orderId,
          (await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!.id,
        ),
      );
    // 30,000 goods + 1,000 shipping: the refunds add up to exactly what was paid.
    expect(all.reduce((s, r) => s + r.amountFen, 0)).toBe(rest.body.order.paidFen);
  });

  it('turns a cancel into a request while the merchant prepares; the merchant approves or rejects', async () => {
    const a = await paidOrder();
    clock.advance(31 * 60_000); // past the free-cancel window
    await a.merchant.post(`/api/v1/merchant/orders/${a.orderNo}/prepare`);
    const options = await a.shopper.get(`/api/v1/orders/${a.orderNo}/cancellation`);
    expect(options.body.mode).toBe('request');
    const req = await a.shopper.post(`/api/v1/orders/${a.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'logistics_delay',
    });
    expect(req.body).toMatchObject({ result: 'requested', request: { status: 'pending' } });
    const dup = await a.shopper.post(`/api/v1/orders/${a.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'logistics_delay',
    });
    expect(dup.body.error.code).toBe('CANCELLATION_ALREADY_REQUESTED');
    // The merchant cannot ship over an open request.
    const ship = await a.merchant.post(`/api/v1/merchant/orders/${a.orderNo}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF0000000001',
    });
    expect(ship.body.error.code).toBe('CANCELLATION_PENDING_DECISION');
    const queue = await a.merchant.get('/api/v1/merchant/cancellation-requests');
    expect(queue.body.items.map((i: { orderNo: string }) => i.orderNo)).toContain(a.orderNo);
    const approved = await a.merchant.post(
      `/api/v1/merchant/cancellation-requests/${req.body.request.id}/decision`,
      { decision: 'approve' },
    );
    expect(approved.body).toMatchObject({
      result: 'cancelled',
      request: { status: 'approved' },
      order: { status: 'cancelled' },
    });

    const b = await paidOrder();
    clock.advance(31 * 60_000);
    await b.merchant.post(`/api/v1/merchant/orders/${b.orderNo}/prepare`);
    const reqB = await b.shopper.post(`/api/v1/orders/${b.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    const noReason = await b.merchant.post(
      `/api/v1/merchant/cancellation-requests/${reqB.body.request.id}/decision`,
      { decision: 'reject' },
    );
    expect(noReason.status).toBe(400);
    const rejected = await b.merchant.post(
      `/api/v1/merchant/cancellation-requests/${reqB.body.request.id}/decision`,
      { decision: 'reject', reason: '商品已打包' },
    );
    expect(rejected.body).toMatchObject({
      request: { status: 'rejected', decisionReason: '商品已打包' },
      order: { status: 'awaiting_shipment' },
    });
    // The other shop's merchant cannot see it.
    const other = await a.merchant.post(
      `/api/v1/merchant/cancellation-requests/${reqB.body.request.id}/decision`,
      { decision: 'approve' },
    );
    expect(other.status).toBe(404);
  });

  it('approves an unanswered request when the SLA runs out', async () => {
    const c = await paidOrder();
    clock.advance(31 * 60_000);
    await c.merchant.post(`/api/v1/merchant/orders/${c.orderNo}/prepare`);
    await c.shopper.post(`/api/v1/orders/${c.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'personal',
    });
    clock.advance(23 * 3_600_000);
    await stack.settle();
    expect((await c.shopper.get(`/api/v1/orders/${c.orderNo}`)).body.status).toBe(
      'awaiting_shipment',
    );
    clock.advance(2 * 3_600_000);
    await stack.settle();
    const detail = (await c.shopper.get(`/api/v1/orders/${c.orderNo}`)).body;
    expect(detail.status).toBe('cancelled');
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toContain(
      'cancellation.auto_approved',
    );
  });

  it('says why a shipped order cannot be cancelled', async () => {
    const d = await paidOrder();
    await d.merchant.post(`/api/v1/merchant/orders/${d.orderNo}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF0000000002',
    });
    const options = await d.shopper.get(`/api/v1/orders/${d.orderNo}/cancellation`);
    expect(options.body).toMatchObject({ mode: null, blockedBy: 'shipped' });
    expect(options.body.blockedText.zh).toContain('售后');
    const res = await d.shopper.post(`/api/v1/orders/${d.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
  });

  it('cancels an unpaid order and voids its payment link', async () => {
    const shop = await createShop(stack.db, { stock: 3 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const placed = await shopper.post('/api/v1/orders', {
      items: [{ variantId: shop.variantIds[0], quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    const orderNo = placed.body.orders[0].orderNo;
    const pay = await shopper.post(`/api/v1/orders/${orderNo}/pay`);
    const res = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'changed_mind',
    });
    expect(res.body).toMatchObject({
      result: 'cancelled',
      refund: null,
      order: { status: 'cancelled' },
    });
    await stack.settle();
    const payPath = new URL(pay.body.payUrl).pathname;
    const confirm = await fetch(`${stack.sandboxUrl}${payPath}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=alipay',
      redirect: 'manual',
    });
    expect(confirm.status).toBe(409);
    expect(await stockOf(stack.db, shop.variantIds[0]!)).toMatchObject({
      available: 3,
      reserved: 0,
    });
  });

  it('refunds in full a payment that lands after the unpaid order was cancelled', async () => {
    const shop = await createShop(stack.db, { stock: 3, priceFen: 4_200 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const placed = await shopper.post('/api/v1/orders', {
      items: [{ variantId: shop.variantIds[0], quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    const orderNo = placed.body.orders[0].orderNo;
    const pay = await shopper.post(`/api/v1/orders/${orderNo}/pay`);
    await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'changed_mind',
    });
    // The shopper was already on the provider's page and pays before the link is voided.
    const payPath = new URL(pay.body.payUrl).pathname;
    const confirm = await fetch(`${stack.sandboxUrl}${payPath}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=wechat',
      redirect: 'manual',
    });
    expect(confirm.status).toBe(303);
    await stack.settle();
    await stack.settle();
    const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    expect(detail.status).toBe('cancelled');
    // Refunded without review and paid out by the worker.
    expect(detail.refundStatus).toBe('succeeded');
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['payment.late', 'refund.created']),
    );
    const orderId = (await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo)))[0]!
      .id;
    const owed = await stack.db.select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({ amountFen: 4_200, channel: 'wechat', status: 'succeeded' });
  });

  it('puts a cancelled order back in the cart at today’s price (再次购买)', async () => {
    const { shopper, merchant, orderNo, shop } = await paidOrder();
    await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    // The merchant raises the price; only their own shop's variants, never as a shopper.
    const variantId = shop.variantIds[0]!;
    expect(
      (await shopper.patch(`/api/v1/merchant/variants/${variantId}`, { priceFen: 1 })).status,
    ).toBe(403);
    const other = await loginAs(
      stack,
      await createUser(stack.db, 'merchant', (await createShop(stack.db)).shopId),
    );
    expect(
      (await other.patch(`/api/v1/merchant/variants/${variantId}`, { priceFen: 1 })).status,
    ).toBe(404);
    const raised = await merchant.patch(`/api/v1/merchant/variants/${variantId}`, {
      priceFen: 12_000,
    });
    expect(raised.body.priceFen).toBe(12_000);
    const again = await shopper.post(`/api/v1/orders/${orderNo}/buy-again`);
    expect(again.status).toBe(200);
    expect(again.body.items[0]).toMatchObject({
      change: 'price_up',
      oldPriceFen: 10_000,
      newPriceFen: 12_000,
      addedQuantity: 2,
    });
    expect(again.body.cart.items.map((i: { variantId: number }) => i.variantId)).toContain(
      shop.variantIds[0],
    );
  });
});
