import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { notices, outgoingMessages } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  type TestUser,
} from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// A 修改地址 request the shop leaves open is accepted at its deadline, so, as for 申请取消, the
// shop's staff are reminded two hours before, once per channel, while it is still undecided,
// and not at all once it is decided or the order is cancelled.

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

const HOUR = 3_600_000;
const TEMPLATE = 'merchant_address_change_reminder';
const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A shop with two merchant users; its paid order, being prepared; the shopper asks to change. */
async function pendingRequest() {
  const shop = await createShop(stack.db, { stock: 10, priceFen: 10_000 });
  const staff = [
    await createUser(stack.db, 'merchant', shop.shopId),
    await createUser(stack.db, 'merchant', shop.shopId),
  ] as const;
  const shopper = await loginAs(stack, await createUser(stack.db));
  const merchant = await loginAs(stack, staff[0]);
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo, 'alipay');
  await stack.settle();
  expect((await merchant.post(`/api/v1/merchant/orders/${orderNo}/prepare`)).status).toBe(200);
  const res = await shopper.post(`/api/v1/orders/${orderNo}/address-change`, {
    address: { name: '李四', phone: '13987654321', address: '上海市黄浦区南京东路 100 号' },
  });
  expect(res.body.result, JSON.stringify(res.body)).toBe('requested');
  await stack.settle();
  return {
    staff,
    shopper,
    merchant,
    orderNo,
    id: res.body.request.id as number,
    deadline: new Date(res.body.request.slaDeadline),
  };
}

async function remindersOf(users: readonly TestUser[]) {
  return stack.db
    .select()
    .from(notices)
    .where(
      and(
        inArray(
          notices.userId,
          users.map((u) => u.id),
        ),
        eq(notices.template, TEMPLATE),
      ),
    );
}

describe('the reminder of an open 修改地址 request', () => {
  it('reaches every merchant user of the shop once per channel, two hours before the deadline', async () => {
    const r = await pendingRequest();
    const deadlineText = shanghai.format(r.deadline);

    clock.set(new Date(r.deadline.getTime() - 2 * HOUR - 60_000));
    await stack.settle();
    expect(await remindersOf(r.staff)).toEqual([]);

    clock.set(new Date(r.deadline.getTime() - 2 * HOUR + 60_000));
    await stack.settle();
    await stack.settle();
    const sent = await remindersOf(r.staff);
    const counts: Record<string, number> = {};
    for (const n of sent)
      counts[`${n.userId}:${n.channel}`] = (counts[`${n.userId}:${n.channel}`] ?? 0) + 1;
    expect(counts).toEqual(
      Object.fromEntries(
        r.staff.flatMap((u) => ['in_app', 'email', 'sms'].map((c) => [`${u.id}:${c}`, 1])),
      ),
    );
    for (const n of sent) {
      expect(n.body).toContain(r.orderNo);
      expect(n.body).toContain(deadlineText);
    }
    const sms = await stack.db
      .select()
      .from(outgoingMessages)
      .where(
        and(eq(outgoingMessages.recipient, r.staff[1].mobile), eq(outgoingMessages.channel, 'sms')),
      );
    expect(sms.map((m) => m.body)).toContain(
      `【B特派】订单${r.orderNo}的修改地址申请尚未处理，将于${deadlineText}自动同意，请尽快处理。`,
    );
    const inbox = await r.merchant.get('/api/v1/notices');
    expect(inbox.body.items.map((i: { subject: string }) => i.subject)).toContain(
      '【B特派】修改地址申请即将超时',
    );

    // Nothing more before or after the deadline accepts it.
    clock.set(new Date(r.deadline.getTime() + 60_000));
    await stack.settle();
    expect(await remindersOf(r.staff)).toHaveLength(6);
  });

  it('is not sent for a request the merchant already decided', async () => {
    const r = await pendingRequest();
    const decided = await r.merchant.post(
      `/api/v1/merchant/address-change-requests/${r.id}/decision`,
      { decision: 'refuse', reason: '已打包' },
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    clock.set(new Date(r.deadline.getTime() - HOUR));
    await stack.settle();
    expect(await remindersOf(r.staff)).toEqual([]);
  });

  it('is not sent once the order is cancelled', async () => {
    const r = await pendingRequest();
    const cancelled = await r.shopper.post(`/api/v1/orders/${r.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    expect(cancelled.body.result, JSON.stringify(cancelled.body)).toBe('cancelled');
    await stack.settle();
    clock.set(new Date(r.deadline.getTime() - HOUR));
    await stack.settle();
    expect(await remindersOf(r.staff)).toEqual([]);
  });
});
