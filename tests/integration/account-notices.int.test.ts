import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { notices, outgoingMessages } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  TEST_PASSWORD,
  type TestUser,
} from '../support/factories.js';
import { latestCode } from '../support/mailbox.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ clock });
});
afterAll(async () => {
  await stack?.close();
});

const sentTo = (recipient: string) =>
  stack.db.select().from(outgoingMessages).where(eq(outgoingMessages.recipient, recipient));

const noticesOf = (userId: number, template: string) =>
  stack.db
    .select()
    .from(notices)
    .where(and(eq(notices.userId, userId), eq(notices.template, template)));

async function cancelPaidOrder(shopper: TestClient): Promise<void> {
  const shop = await createShop(stack.db, { stock: 5, priceFen: 3_000 });
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo);
  await stack.settle();
  const res = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'price',
  });
  expect(res.status).toBe(200);
  await stack.settle();
}

describe('verification codes as notices', () => {
  it('sends a registration code by email and SMS once each, recorded before any account exists', async () => {
    const email = `new-${Date.now()}@example.test`;
    const mobile = `139${String(Date.now()).slice(-8)}`;
    const res = await stack
      .client()
      .post('/api/v1/auth/register-codes', { email, mobile }, { 'accept-language': 'zh-CN' });
    expect(res.status).toBe(202);
    await stack.settle();
    await stack.settle();

    const mails = await sentTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^【B特派】注册验证码：\d{6}$/u);
    const sms = await sentTo(mobile);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toContain('分钟内有效');

    const recorded = await stack.db
      .select()
      .from(notices)
      .where(and(isNull(notices.userId), eq(notices.template, 'verification_code')));
    const mine = recorded.filter((n) => n.recipient === email || n.recipient === mobile);
    expect(mine.map((n) => [n.channel, n.status]).sort()).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);

    // The codes that arrived are the ones that open the account.
    const registered = await stack.client().post('/api/v1/auth/register', {
      email,
      mobile,
      password: TEST_PASSWORD,
      displayName: '新用户',
      emailCode: await latestCode(stack.db, email),
      smsCode: await latestCode(stack.db, mobile),
    });
    expect(registered.status).toBe(201);
  });

  it('sends a reset code even to a shopper who turned email off, and tells them the password changed', async () => {
    const user: TestUser = await createUser(stack.db);
    const client = await loginAs(stack, user);
    await client.put('/api/v1/me/notice-preferences', { email: false, sms: false });

    const asked = await stack
      .client()
      .post('/api/v1/auth/password-reset-codes', { account: user.email });
    expect(asked.status).toBe(202);
    await stack.settle();
    const code = await latestCode(stack.db, user.email);
    const codeNotices = await noticesOf(user.id, 'verification_code');
    expect(codeNotices.map((n) => n.channel)).toEqual(['email']);

    const reset = await stack.client().post('/api/v1/auth/password-reset', {
      account: user.email,
      code,
      newPassword: 'Another@2026',
    });
    expect(reset.status).toBe(204);
    await stack.settle();
    // A security notice: on every channel whatever the preferences, once each.
    const changed = await noticesOf(user.id, 'password_changed');
    expect(changed.map((n) => n.channel).sort()).toEqual(['email', 'in_app', 'sms']);
    expect(changed.every((n) => n.status === 'sent')).toBe(true);
    const mails = (await sentTo(user.email)).filter((m) => m.subject.includes('登录密码已修改'));
    expect(mails).toHaveLength(1);
  });
});

describe('account standing warnings', () => {
  it('warns once on reaching the warn threshold and again on reaching review, in-app and by email', async () => {
    const user = await createUser(stack.db);
    const shopper = await loginAs(stack, user);
    // Defaults: warn at 3, review at 5 cancellations in 30 days.
    for (let i = 0; i < 2; i++) await cancelPaidOrder(shopper);
    expect(await noticesOf(user.id, 'standing_warning')).toHaveLength(0);

    await cancelPaidOrder(shopper);
    const warned = await noticesOf(user.id, 'standing_warning');
    expect(warned.map((n) => n.channel).sort()).toEqual(['email', 'in_app', 'sms']);
    const inApp = warned.find((n) => n.channel === 'in_app');
    expect(inApp?.body).toContain('近 30 天已取消 3 笔订单');

    await cancelPaidOrder(shopper);
    expect(await noticesOf(user.id, 'standing_warning')).toHaveLength(3);
    expect(await noticesOf(user.id, 'standing_review')).toHaveLength(0);
    await cancelPaidOrder(shopper);
    const review = await noticesOf(user.id, 'standing_review');
    expect(review.find((n) => n.channel === 'in_app')?.body).toContain('已取消 5 笔订单');

    // The shopper reads it in the message centre like any other notice.
    const inbox = await shopper.get('/api/v1/notices');
    const subjects = inbox.body.items.map((n: { subject: string }) => n.subject);
    expect(subjects).toContain('【B特派】取消次数提醒');
    expect(subjects).toContain('【B特派】退款将转人工审核');
  });
});
