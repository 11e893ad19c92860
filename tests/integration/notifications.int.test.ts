import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { notices, outgoingMessages, users } from '../../src/server/platform/db/schema/index.js';
import { startSmtpCapture } from '../../src/server/platform/mail/smtp-capture.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  type TestUser,
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

async function cancelledOrder(user: TestUser) {
  const shop = await createShop(stack.db, { stock: 5, priceFen: 5_000 });
  const shopper = await loginAs(stack, user);
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo);
  await stack.settle();
  await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'price',
  });
  await stack.settle();
  return { shopper, orderNo };
}

const mailTo = (address: string) =>
  stack.db
    .select()
    .from(outgoingMessages)
    .where(and(eq(outgoingMessages.recipient, address), eq(outgoingMessages.channel, 'email')));

describe('notices', () => {
  it('tells the shopper 订单取消成功 in the message centre, by email and by SMS, once each', async () => {
    const user = await createUser(stack.db);
    const { shopper, orderNo } = await cancelledOrder(user);
    const inbox = await shopper.get('/api/v1/notices');
    const cancelled = inbox.body.items.find(
      (n: { template: string }) => n.template === 'order_cancelled',
    );
    expect(cancelled).toMatchObject({ subject: '【B特派】订单取消成功', orderNo, read: false });
    expect(cancelled.body).toContain(orderNo);
    expect(cancelled.link).toContain(`/orders/${orderNo}`);
    const emails = (await mailTo(user.email)).filter((m) => m.subject.includes('订单取消成功'));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.body).toContain(orderNo);
    const sms = await stack.db
      .select()
      .from(outgoingMessages)
      .where(and(eq(outgoingMessages.recipient, user.mobile), eq(outgoingMessages.channel, 'sms')));
    // SMS go out as the approved template with the order number filled in.
    expect(
      sms.filter((m) => m.body.startsWith('【B特派】订单') && m.body.includes(`${orderNo}已取消`)),
    ).toHaveLength(1);

    // Reading it clears the badge; another shopper cannot touch it.
    const before = (await shopper.get('/api/v1/notices/unread-count')).body.unread;
    const read = await shopper.post(`/api/v1/notices/${cancelled.id}/read`);
    expect(read.body.unread).toBe(before - 1);
    const other = await loginAs(stack, await createUser(stack.db));
    expect((await other.post(`/api/v1/notices/${cancelled.id}/read`)).status).toBe(404);
    expect((await other.get('/api/v1/notices')).body.items).toEqual([]);
  });

  it('writes in English to an English shopper and sends no email to one who turned email off', async () => {
    const english = await createUser(stack.db);
    await stack.db.update(users).set({ locale: 'en' }).where(eq(users.id, english.id));
    const { shopper } = await cancelledOrder(english);
    const inbox = await shopper.get('/api/v1/notices');
    expect(inbox.body.items.map((n: { subject: string }) => n.subject)).toContain(
      '【B特派】Order cancelled',
    );
    expect((await mailTo(english.email)).map((m) => m.subject)).toContain(
      '【B特派】Order cancelled',
    );

    const quiet = await createUser(stack.db);
    const quietClient = await loginAs(stack, quiet);
    const prefs = await quietClient.put('/api/v1/me/notice-preferences', { email: false });
    expect(prefs.body).toEqual({ email: false, sms: true });
    await cancelledOrder(quiet);
    expect(await mailTo(quiet.email)).toHaveLength(0);
    // The in-app copy cannot be turned off.
    const inApp = await stack.db
      .select()
      .from(notices)
      .where(and(eq(notices.userId, quiet.id), eq(notices.channel, 'in_app')));
    expect(inApp.map((n) => n.template)).toContain('order_cancelled');
  });

  it('delivers every email exactly once after the mail server was down for a while', async () => {
    const port = stack.smtp.port;
    await stack.smtp.close();
    const user = await createUser(stack.db);
    await cancelledOrder(user);
    const pending = await stack.db
      .select()
      .from(notices)
      .where(and(eq(notices.userId, user.id), eq(notices.channel, 'email')));
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((n) => n.status === 'pending')).toBe(true);
    expect(await mailTo(user.email)).toHaveLength(0);

    stack.smtp = await startSmtpCapture(stack.db, port);
    for (let i = 0; i < 6; i++) {
      clock.advance(10 * 60_000);
      await stack.settle();
    }
    const sent = await stack.db
      .select()
      .from(notices)
      .where(and(eq(notices.userId, user.id), eq(notices.channel, 'email')));
    expect(sent.every((n) => n.status === 'sent')).toBe(true);
    const received = await mailTo(user.email);
    expect(received).toHaveLength(sent.length);
    expect(new Set(received.map((m) => m.subject)).size).toBe(received.length);
  });
});
