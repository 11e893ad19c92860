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

// A shop's staff hear of a new 申请取消 on every channel the shop keeps on, with the deadline;
// are reminded two hours before it while it is undecided; and are told to stop preparing a paid
// order cancelled without their decision.

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

const HOUR = 3_600_000;
const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A shop with two merchant users, a paid order of it, and another shop's merchant. */
async function paidOrder() {
  const shop = await createShop(stack.db, { stock: 10, priceFen: 10_000 });
  const staff = [
    await createUser(stack.db, 'merchant', shop.shopId),
    await createUser(stack.db, 'merchant', shop.shopId),
  ] as const;
  const outsider = await createUser(stack.db, 'merchant', (await createShop(stack.db)).shopId);
  const shopper = await loginAs(stack, await createUser(stack.db));
  const merchant = await loginAs(stack, staff[0]);
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 2 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo, 'alipay');
  await stack.settle();
  return { shop, staff, outsider, shopper, merchant, orderNo };
}

/** The merchant prepares the order past the free window; the shopper asks to cancel. */
async function request(o: Awaited<ReturnType<typeof paidOrder>>) {
  clock.advance(31 * 60_000);
  expect((await o.merchant.post(`/api/v1/merchant/orders/${o.orderNo}/prepare`)).status).toBe(200);
  const res = await o.shopper.post(`/api/v1/orders/${o.orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'logistics_delay',
  });
  expect(res.body.result, JSON.stringify(res.body)).toBe('requested');
  await stack.settle();
  return { id: res.body.request.id as number, deadline: new Date(res.body.request.slaDeadline) };
}

/** template → channel → count, over the given users' notices. */
async function noticesOf(users: readonly TestUser[], template: string) {
  const rows = await stack.db
    .select()
    .from(notices)
    .where(
      and(
        inArray(
          notices.userId,
          users.map((u) => u.id),
        ),
        eq(notices.template, template),
      ),
    );
  return rows;
}

function perUserAndChannel(rows: { userId: number | null; channel: string }[]) {
  const counts: Record<string, number> = {};
  for (const r of rows)
    counts[`${r.userId}:${r.channel}`] = (counts[`${r.userId}:${r.channel}`] ?? 0) + 1;
  return counts;
}

const sent = (recipient: string, channel: 'email' | 'sms') =>
  stack.db
    .select()
    .from(outgoingMessages)
    .where(and(eq(outgoingMessages.recipient, recipient), eq(outgoingMessages.channel, channel)));

describe('merchant notices', () => {
  it('tells every merchant user of the shop of a new request once per channel, with the deadline, and reminds them once before it', async () => {
    const o = await paidOrder();
    const { deadline } = await request(o);
    const deadlineText = shanghai.format(deadline);

    const fresh = await noticesOf(o.staff, 'merchant_cancellation_requested');
    const expected = Object.fromEntries(
      o.staff.flatMap((u) => ['in_app', 'email', 'sms'].map((c) => [`${u.id}:${c}`, 1])),
    );
    expect(perUserAndChannel(fresh)).toEqual(expected);
    expect(await noticesOf([o.outsider], 'merchant_cancellation_requested')).toEqual([]);
    for (const n of fresh) {
      expect(n.body).toContain(o.orderNo);
      expect(n.body).toContain(deadlineText);
      if (n.channel !== 'in_app') expect(n.status).toBe('sent');
    }
    // Delivered: the email with the deadline in its text, the SMS from its template.
    const mail = await sent(o.staff[1].email, 'email');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('【B特派】新的取消申请待处理');
    expect(mail[0]!.body).toContain(deadlineText);
    const sms = await sent(o.staff[1].mobile, 'sms');
    expect(sms.map((m) => m.body)).toEqual([
      `【B特派】您的店铺有新的取消申请，订单${o.orderNo}，请在${deadlineText}前处理，逾期将自动同意。`,
    ]);
    // The merchant's message centre has it.
    const inbox = await o.merchant.get('/api/v1/notices');
    expect(inbox.body.items.map((i: { subject: string }) => i.subject)).toContain(
      '【B特派】新的取消申请待处理',
    );

    // No reminder before two hours are left.
    clock.set(new Date(deadline.getTime() - 2 * HOUR - 60_000));
    await stack.settle();
    expect(await noticesOf(o.staff, 'merchant_cancellation_reminder')).toEqual([]);
    // Then exactly one per channel per merchant user, whatever runs after.
    clock.set(new Date(deadline.getTime() - 2 * HOUR + 60_000));
    await stack.settle();
    await stack.settle();
    const reminders = await noticesOf(o.staff, 'merchant_cancellation_reminder');
    expect(perUserAndChannel(reminders)).toEqual(expected);
    expect(reminders[0]!.body).toContain(deadlineText);
    expect(reminders[0]!.body).toContain(o.orderNo);
    clock.set(new Date(deadline.getTime() - 60_000));
    await stack.settle();
    expect(await noticesOf(o.staff, 'merchant_cancellation_reminder')).toHaveLength(6);

    // The SLA runs out and approves the request: a paid order cancelled without the merchant's
    // decision, so they are told to stop preparing it (in-app and email, no SMS).
    clock.set(new Date(deadline.getTime() + 60_000));
    await stack.settle();
    const stop = await noticesOf(o.staff, 'merchant_order_cancelled');
    expect(stop.map((n) => n.channel).sort()).toEqual(['email', 'email', 'in_app', 'in_app']);
  });

  it('sends no reminder for a request already decided', async () => {
    const o = await paidOrder();
    const { id, deadline } = await request(o);
    const decided = await o.merchant.post(`/api/v1/merchant/cancellation-requests/${id}/decision`, {
      decision: 'reject',
      reason: '商品已打包',
    });
    expect(decided.body.request.status).toBe('rejected');
    clock.set(new Date(deadline.getTime() - HOUR));
    await stack.settle();
    clock.set(new Date(deadline.getTime() + HOUR));
    await stack.settle();
    expect(await noticesOf(o.staff, 'merchant_cancellation_reminder')).toEqual([]);
    expect(await noticesOf(o.staff, 'merchant_order_cancelled')).toEqual([]);
  });

  it('follows the shop’s channel preferences (default all on), changed only by its own merchants', async () => {
    const o = await paidOrder();
    const prefs = await o.merchant.get('/api/v1/merchant/notice-preferences');
    expect(prefs.body).toEqual({ inApp: true, email: true, sms: true });
    expect(
      (await o.shopper.put('/api/v1/merchant/notice-preferences', { sms: false })).status,
    ).toBe(403);
    const changed = await o.merchant.put('/api/v1/merchant/notice-preferences', {
      sms: false,
      inApp: false,
    });
    expect(changed.body).toEqual({ inApp: false, email: true, sms: false });
    // Another shop's merchant sees their own shop's defaults.
    const outsider = await loginAs(stack, o.outsider);
    expect((await outsider.get('/api/v1/merchant/notice-preferences')).body).toEqual({
      inApp: true,
      email: true,
      sms: true,
    });

    const { deadline } = await request(o);
    const fresh = await noticesOf(o.staff, 'merchant_cancellation_requested');
    expect(fresh.map((n) => n.channel)).toEqual(['email', 'email']);
    expect(await sent(o.staff[0].mobile, 'sms')).toEqual([]);
    clock.set(new Date(deadline.getTime() - HOUR));
    await stack.settle();
    const reminders = await noticesOf(o.staff, 'merchant_cancellation_reminder');
    expect(reminders.map((n) => n.channel)).toEqual(['email', 'email']);
  });

  it('tells the merchant to stop preparing a paid order cancelled at once, whole or in part; an unpaid one is not their concern', async () => {
    const o = await paidOrder();
    const lineId = (await o.shopper.get(`/api/v1/orders/${o.orderNo}`)).body.lines[0].id;
    const part = await o.shopper.post(`/api/v1/orders/${o.orderNo}/cancellation`, {
      selection: [{ lineId, quantity: 1 }],
      reasonCode: 'price',
    });
    expect(part.body.result, JSON.stringify(part.body)).toBe('cancelled');
    await stack.settle();
    const partial = await noticesOf(o.staff, 'merchant_items_cancelled');
    expect(perUserAndChannel(partial)).toEqual(
      Object.fromEntries(
        o.staff.flatMap((u) => ['in_app', 'email'].map((c) => [`${u.id}:${c}`, 1])),
      ),
    );
    expect(partial[0]!.body).toContain(o.orderNo);

    const rest = await o.shopper.post(`/api/v1/orders/${o.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    expect(rest.body.order.status).toBe('cancelled');
    await stack.settle();
    const whole = await noticesOf(o.staff, 'merchant_order_cancelled');
    expect(whole.map((n) => n.channel).sort()).toEqual(['email', 'email', 'in_app', 'in_app']);
    const mail = await sent(o.staff[0].email, 'email');
    expect(mail.map((m) => m.subject)).toContain('【B特派】订单已取消，请停止备货');

    // An unpaid order cancelled: nothing to stop.
    const unpaidShop = await createShop(stack.db);
    const unpaidStaff = await createUser(stack.db, 'merchant', unpaidShop.shopId);
    const placed = await o.shopper.post('/api/v1/orders', {
      items: [{ variantId: unpaidShop.variantIds[0], quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    await o.shopper.post(`/api/v1/orders/${placed.body.orders[0].orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    await stack.settle();
    expect(await noticesOf([unpaidStaff], 'merchant_order_cancelled')).toEqual([]);
  });
});
