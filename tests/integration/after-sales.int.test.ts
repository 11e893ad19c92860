import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  stockOf,
} from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const DAY = 86_400_000;
const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

async function deliveredOrder(quantity = 2) {
  const shop = await createShop(stack.db, { stock: 10, priceFen: 8_000 });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo, 'alipay');
  await stack.settle();
  await merchant.post(`/api/v1/merchant/orders/${orderNo}/ship`, {
    carrier: '顺丰速运',
    trackingNo: 'SF5550001111',
  });
  await merchant.post(`/api/v1/merchant/orders/${orderNo}/deliver`);
  const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
  return { shop, shopper, merchant, orderNo, lineId: detail.lines[0].id as number };
}

describe('after-sales for shipped and delivered orders', () => {
  it('仅退款: the merchant approves and the refund goes through the same lifecycle', async () => {
    const { shopper, merchant, orderNo, lineId } = await deliveredOrder();
    const options = await shopper.get(`/api/v1/orders/${orderNo}/after-sales`);
    expect(options.body).toMatchObject({ allowed: true, lines: [{ lineId, refundable: 2 }] });
    const created = await shopper.post(`/api/v1/orders/${orderNo}/after-sales`, {
      kind: 'refund_only',
      selection: [{ lineId, quantity: 1 }],
      reasonCode: 'damaged',
    });
    expect(created.status).toBe(201);
    const second = await shopper.post(`/api/v1/orders/${orderNo}/after-sales`, {
      kind: 'refund_only',
      selection: 'all',
      reasonCode: 'damaged',
    });
    expect(second.body.error.code).toBe('AFTER_SALES_NOT_ALLOWED');
    const queue = await merchant.get('/api/v1/merchant/after-sales?status=pending_review');
    expect(queue.body.items.map((c: { id: number }) => c.id)).toContain(created.body.id);
    const done = await merchant.post(`/api/v1/merchant/after-sales/${created.body.id}/decision`, {
      decision: 'approve',
    });
    expect(done.body).toMatchObject({ status: 'completed', refundFen: 8_000 });
    await stack.settle();
    const refund = (await shopper.get(`/api/v1/refunds/${done.body.refundId}`)).body;
    expect(refund).toMatchObject({ status: 'succeeded', amountFen: 8_000 });
    // Shown under the 退款售后 tab.
    const tab = await shopper.get('/api/v1/orders?tab=after_sales');
    expect(tab.body.items.map((o: { orderNo: string }) => o.orderNo)).toContain(orderNo);
  });

  it('退货退款: the shopper ships it back, the merchant confirms receipt, stock returns, then the refund', async () => {
    const { shop, shopper, merchant, orderNo } = await deliveredOrder();
    const created = await shopper.post(`/api/v1/orders/${orderNo}/after-sales`, {
      kind: 'return_refund',
      selection: 'all',
      reasonCode: 'quality',
    });
    const approved = await merchant.post(
      `/api/v1/merchant/after-sales/${created.body.id}/decision`,
      { decision: 'approve' },
    );
    expect(approved.body.status).toBe('awaiting_return');
    const early = await merchant.post(`/api/v1/merchant/after-sales/${created.body.id}/received`);
    expect(early.body.error.code).toBe('AFTER_SALES_DECIDED');
    const returned = await shopper.post(`/api/v1/after-sales/${created.body.id}/return`, {
      carrier: '中通快递',
      trackingNo: 'ZT0001112223',
    });
    expect(returned.body).toMatchObject({ status: 'returned', returnTrackingNo: 'ZT0001112223' });
    const received = await merchant.post(
      `/api/v1/merchant/after-sales/${created.body.id}/received`,
    );
    expect(received.body).toMatchObject({ status: 'completed', refundFen: 16_000 });
    expect(await stockOf(stack.db, shop.variantIds[0]!)).toMatchObject({
      available: 10,
      reserved: 0,
      shipped: 0,
    });
    const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining([
        'after_sales.requested',
        'after_sales.approved',
        'after_sales.returned',
        'after_sales.completed',
      ]),
    );
    // Each step the shop took reached the shopper's message centre; their own shipment did not.
    await stack.settle();
    const inbox = (await shopper.get('/api/v1/notices')).body.items as {
      subject: string;
      body: string;
    }[];
    const mine = inbox.filter((n) => n.body.includes(orderNo)).map((n) => n.subject);
    expect(mine).toEqual(
      expect.arrayContaining([
        '【B特派】售后申请已提交',
        '【B特派】退货申请已同意，请寄回商品',
        '【B特派】售后完成，退款处理中',
      ]),
    );
    expect(inbox.find((n) => n.subject === '【B特派】售后完成，退款处理中')?.body).toContain(
      '¥160.00',
    );
  });

  it('closes after the operator’s window, and a rejection says why', async () => {
    const a = await deliveredOrder();
    const c = await a.shopper.post(`/api/v1/orders/${a.orderNo}/after-sales`, {
      kind: 'refund_only',
      selection: 'all',
      reasonCode: 'not_received',
    });
    const rejected = await a.merchant.post(`/api/v1/merchant/after-sales/${c.body.id}/decision`, {
      decision: 'reject',
      reason: '物流显示已签收',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '物流显示已签收' });
    await stack.settle();
    const told = (await a.shopper.get('/api/v1/notices')).body.items.find(
      (n: { subject: string }) => n.subject === '【B特派】售后申请未通过',
    );
    expect(told?.body).toContain('物流显示已签收');

    const b = await deliveredOrder();
    clock.advance(8 * DAY);
    const late = await b.shopper.get(`/api/v1/orders/${b.orderNo}/after-sales`);
    expect(late.body).toMatchObject({ allowed: false, blockedBy: 'window_closed' });
    expect(late.body.blockedText.zh).toContain('期限');
    // Another shop's merchant cannot see or act on the case.
    const other = await loginAs(
      stack,
      await createUser(stack.db, 'merchant', (await createShop(stack.db)).shopId),
    );
    expect(
      (
        await other.post(`/api/v1/merchant/after-sales/${c.body.id}/decision`, {
          decision: 'approve',
        })
      ).status,
    ).toBe(404);
  });
});
