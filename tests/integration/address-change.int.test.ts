import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import {
  addressChangeRequests,
  auditLog,
  notices,
  orderEvents,
  orderLines,
  orders,
} from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  type TestUser,
} from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { expectDomainError } from './race-support.js';

// 修改地址 on a 待发货 order: applied at once before the merchant prepares; a request the
// merchant accepts or refuses while preparing (shipping waits for the answer); accepted by the
// SLA job at the deadline; never once shipped. Timeline, audit and notices on each path.

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

const HOUR = 3_600_000;
const NEW_ADDRESS = {
  name: '李四',
  phone: '+86 139 8765 4321',
  address: '上海市黄浦区南京东路 100 号',
};
const NEW_STORED = { name: '李四', phone: '13987654321', address: '上海市黄浦区南京东路 100 号' };

interface Paid {
  orderNo: string;
  shopper: TestClient;
  merchant: TestClient;
  staff: TestUser;
  shopperUser: TestUser;
}

async function paidOrder(): Promise<Paid> {
  const shop = await createShop(stack.db, { stock: 10, priceFen: 10_000 });
  const staff = await createUser(stack.db, 'merchant', shop.shopId);
  const shopperUser = await createUser(stack.db);
  const shopper = await loginAs(stack, shopperUser);
  const merchant = await loginAs(stack, staff);
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo, 'alipay');
  await stack.settle();
  return { orderNo, shopper, merchant, staff, shopperUser };
}

const change = (o: Paid, address: object = NEW_ADDRESS) =>
  o.shopper.post(`/api/v1/orders/${o.orderNo}/address-change`, { address });

async function orderRow(orderNo: string) {
  const [row] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
  if (!row) throw new Error('order missing');
  return row;
}

async function orderLinesVariant(orderNo: string) {
  const o = await orderRow(orderNo);
  const [line] = await stack.db.select().from(orderLines).where(eq(orderLines.orderId, o.id));
  return line?.variantId;
}

async function timelineKinds(orderNo: string) {
  const o = await orderRow(orderNo);
  const rows = await stack.db.select().from(orderEvents).where(eq(orderEvents.orderId, o.id));
  return rows.map((r) => r.kind).filter((k) => k.startsWith('address.'));
}

async function auditActions(orderNo: string) {
  const o = await orderRow(orderNo);
  const rows = await stack.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orderId, o.id), eq(auditLog.entityType, 'address_change')));
  return rows.map((r) => r.action);
}

async function noticeTemplates(user: TestUser, orderNo: string) {
  const o = await orderRow(orderNo);
  const rows = await stack.db
    .select()
    .from(notices)
    .where(and(eq(notices.userId, user.id), eq(notices.orderId, o.id)));
  return rows
    .filter((n) => n.template.includes('address'))
    .map((n) => `${n.template}:${n.channel}`);
}

async function prepareAndAsk(o: Paid) {
  expect((await o.merchant.post(`/api/v1/merchant/orders/${o.orderNo}/prepare`)).status).toBe(200);
  const res = await change(o);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.result).toBe('requested');
  await stack.settle();
  return res.body.request as { id: number; slaDeadline: string; status: string };
}

describe('修改地址', () => {
  it('applies at once before the merchant prepares: order, answer, timeline, audit, the shop told', async () => {
    const o = await paidOrder();
    const options = await o.shopper.get(`/api/v1/orders/${o.orderNo}/address-change`);
    expect(options.body).toMatchObject({ mode: 'instant', blockedBy: null, current: ADDRESS });

    const res = await change(o);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      result: 'applied',
      receiver: NEW_STORED,
      request: { status: 'applied', from: ADDRESS, to: NEW_STORED, slaDeadline: null },
    });
    // The answer is what a later read shows.
    const detail = await o.shopper.get(`/api/v1/orders/${o.orderNo}`);
    expect(detail.body.receiver).toEqual(NEW_STORED);
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toContain('address.changed');
    const after = await o.shopper.get(`/api/v1/orders/${o.orderNo}/address-change`);
    expect(after.body).toMatchObject({
      mode: 'instant',
      current: NEW_STORED,
      latest: res.body.request,
    });

    await stack.settle();
    expect(await timelineKinds(o.orderNo)).toEqual(['address.changed']);
    expect(await auditActions(o.orderNo)).toEqual(['order.address_change']);
    expect((await noticeTemplates(o.staff, o.orderNo)).sort()).toEqual([
      'merchant_address_changed:email',
      'merchant_address_changed:in_app',
    ]);
  });

  it('while preparing, asks the merchant (with the deadline); shipping waits; accepting applies it and tells the shopper', async () => {
    const o = await paidOrder();
    const request = await prepareAndAsk(o);
    expect(new Date(request.slaDeadline).getTime()).toBe(clock.now().getTime() + 24 * HOUR);
    expect((await orderRow(o.orderNo)).receiverAddress).toBe(ADDRESS.address);

    // A second change waits for the first; the merchant sees the request in the queue.
    expectDomainError(await change(o, { ...NEW_ADDRESS, name: '王五' }), 'ADDRESS_CHANGE_PENDING');
    const queue = await o.merchant.get('/api/v1/merchant/address-change-requests');
    expect(queue.body.items).toEqual([
      expect.objectContaining({ id: request.id, orderNo: o.orderNo, to: NEW_STORED }),
    ]);
    const ship = await o.merchant.post(`/api/v1/merchant/orders/${o.orderNo}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF1234567890',
    });
    expectDomainError(ship, 'ADDRESS_CHANGE_PENDING_DECISION');
    expect((await noticeTemplates(o.staff, o.orderNo)).sort()).toEqual([
      'merchant_address_change_requested:email',
      'merchant_address_change_requested:in_app',
      'merchant_address_change_requested:sms',
    ]);

    const accepted = await o.merchant.post(
      `/api/v1/merchant/address-change-requests/${request.id}/decision`,
      { decision: 'accept' },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ result: 'accepted', receiver: NEW_STORED });
    expect((await orderRow(o.orderNo)).receiverName).toBe('李四');
    const again = await o.merchant.post(
      `/api/v1/merchant/address-change-requests/${request.id}/decision`,
      { decision: 'refuse', reason: '太晚了' },
    );
    expectDomainError(again, 'ADDRESS_CHANGE_REQUEST_DECIDED');

    await stack.settle();
    expect(await timelineKinds(o.orderNo)).toEqual([
      'address.change_requested',
      'address.change_accepted',
    ]);
    expect(await auditActions(o.orderNo)).toEqual([
      'order.address_change_request',
      'address_change.accept',
    ]);
    expect(await noticeTemplates(o.shopperUser, o.orderNo)).toContain(
      'address_change_accepted:in_app',
    );
    // The goods now leave for the new address.
    const shipped = await o.merchant.post(`/api/v1/merchant/orders/${o.orderNo}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF1234567891',
    });
    expect(shipped.status).toBe(200);
    expect(shipped.body.receiver).toEqual(NEW_STORED);
  });

  it('a refusal keeps the old address, needs a reason, and tells the shopper why', async () => {
    const o = await paidOrder();
    const request = await prepareAndAsk(o);
    const url = `/api/v1/merchant/address-change-requests/${request.id}/decision`;
    expectDomainError(
      await o.merchant.post(url, { decision: 'refuse', reason: '  ' }),
      'ADDRESS_CHANGE_REFUSE_REASON_REQUIRED',
    );
    // Another shop's merchant cannot see it.
    const other = await loginAs(
      stack,
      await createUser(stack.db, 'merchant', (await createShop(stack.db)).shopId),
    );
    expectDomainError(
      await other.post(url, { decision: 'accept' }),
      'ADDRESS_CHANGE_REQUEST_NOT_FOUND',
    );
    const refused = await o.merchant.post(url, { decision: 'refuse', reason: '包裹已封箱' });
    expect(refused.body).toMatchObject({
      result: 'refused',
      receiver: ADDRESS,
      request: { status: 'refused', decisionReason: '包裹已封箱' },
    });
    expect((await orderRow(o.orderNo)).receiverAddress).toBe(ADDRESS.address);
    await stack.settle();
    expect(await timelineKinds(o.orderNo)).toEqual([
      'address.change_requested',
      'address.change_refused',
    ]);
    const [n] = await stack.db
      .select()
      .from(notices)
      .where(
        and(
          eq(notices.userId, o.shopperUser.id),
          eq(notices.template, 'address_change_refused'),
          eq(notices.channel, 'in_app'),
        ),
      );
    expect(n?.body).toContain('包裹已封箱');
    // Refused: the shopper may ask again, and the page says so.
    const options = await o.shopper.get(`/api/v1/orders/${o.orderNo}/address-change`);
    expect(options.body).toMatchObject({ mode: 'request', latest: { status: 'refused' } });
  });

  it('at the SLA deadline an unanswered request is accepted; the shopper and the shop are told', async () => {
    const o = await paidOrder();
    const request = await prepareAndAsk(o);
    clock.advance(23 * HOUR);
    await stack.settle();
    expect((await orderRow(o.orderNo)).receiverAddress).toBe(ADDRESS.address);
    clock.advance(HOUR);
    await stack.settle();
    const [r] = await stack.db
      .select()
      .from(addressChangeRequests)
      .where(eq(addressChangeRequests.id, request.id));
    expect(r).toMatchObject({ status: 'auto_accepted', decidedRole: 'system' });
    expect(await orderRow(o.orderNo)).toMatchObject({
      receiverName: NEW_STORED.name,
      receiverPhone: NEW_STORED.phone,
      receiverAddress: NEW_STORED.address,
    });
    expect(await timelineKinds(o.orderNo)).toEqual([
      'address.change_requested',
      'address.change_auto_accepted',
    ]);
    expect(await auditActions(o.orderNo)).toEqual([
      'order.address_change_request',
      'address_change.timeout',
    ]);
    expect(await noticeTemplates(o.shopperUser, o.orderNo)).toContain(
      'address_change_accepted:in_app',
    );
    expect(await noticeTemplates(o.staff, o.orderNo)).toContain('merchant_address_changed:in_app');
    // The merchant's late answer finds it decided.
    expectDomainError(
      await o.merchant.post(`/api/v1/merchant/address-change-requests/${request.id}/decision`, {
        decision: 'refuse',
        reason: '晚了',
      }),
      'ADDRESS_CHANGE_REQUEST_DECIDED',
    );
  });

  it('is refused once shipped, before payment, with a bad address, or the same one', async () => {
    const o = await paidOrder();
    const unpaid = await o.shopper.post('/api/v1/orders', {
      items: [{ variantId: (await orderLinesVariant(o.orderNo)) ?? 0, quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    expectDomainError(
      await change({ ...o, orderNo: unpaid.body.orders[0].orderNo }),
      'ADDRESS_CHANGE_NOT_ALLOWED',
    );
    expectDomainError(await change(o, { ...NEW_ADDRESS, phone: '12345' }), 'VALIDATION_FAILED');
    expectDomainError(await change(o, { ...NEW_ADDRESS, phone: '12345678901' }), 'INVALID_MOBILE');
    expectDomainError(await change(o, ADDRESS), 'ADDRESS_UNCHANGED');
    const shipped = await o.merchant.post(`/api/v1/merchant/orders/${o.orderNo}/ship`, {
      carrier: '中通快递',
      trackingNo: 'ZT1234567890',
    });
    expect(shipped.status).toBe(200);
    const res = await change(o);
    expectDomainError(res, 'ADDRESS_CHANGE_SHIPPED');
    const options = await o.shopper.get(`/api/v1/orders/${o.orderNo}/address-change`);
    expect(options.body).toMatchObject({
      mode: null,
      blockedBy: 'ADDRESS_CHANGE_SHIPPED',
      blockedText: { zh: res.body.error.message },
    });
    expect(await timelineKinds(o.orderNo)).toEqual([]);
    const rows = await stack.db
      .select()
      .from(addressChangeRequests)
      .where(inArray(addressChangeRequests.orderId, [(await orderRow(o.orderNo)).id]));
    expect(rows).toEqual([]);
  });
});
