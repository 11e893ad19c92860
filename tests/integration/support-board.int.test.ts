import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { auditLog, notices, orders } from '../../src/server/platform/db/schema/index.js';
import { loadSupportHistory } from '../../src/server/modules/support/order-history.js';
import { ADDRESS, createShop, createUser, loginAs, type TestUser } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const clock = new ManualClock(new Date('2026-11-26T02:00:00Z'));
let stack: TestStack;
let operatorUser: TestUser;
let operator: TestClient;
let agent: TestClient;
beforeAll(async () => {
  stack = await startTestStack({ clock });
  operatorUser = await createUser(stack.db, 'operator');
  operator = await loginAs(stack, operatorUser);
  agent = await loginAs(stack, await createUser(stack.db, 'agent'));
});
afterAll(async () => {
  await stack?.close();
});

async function shopperWithOrder() {
  const shop = await createShop(stack.db);
  const user = await createUser(stack.db);
  const shopper = await loginAs(stack, user);
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  return { user, shopper, orderNo: placed.body.orders[0].orderNo as string };
}

describe('contact page and settings', () => {
  it('shows the operator’s channels to anyone, with which are open now in Shanghai', async () => {
    const weekdays = Array.from({ length: 7 }, () => ({ open: '09:00', close: '18:00' }));
    const saved = await operator.put('/api/v1/ops/settings/support', {
      hotline: '400-000-1234',
      hotlineHours: weekdays,
      chatHours: [...weekdays.slice(0, 6), null],
      email: 'help@btepai.test',
      social: [{ name: '微信', handle: 'btepai', url: null }],
      boardReplyHours: 2,
    });
    expect(saved.status).toBe(200);
    const [row] = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'settings'), eq(auditLog.entityId, 'support')));
    expect(row).toMatchObject({ actorId: operatorUser.id, actorRole: 'operator' });

    // Thursday 10:00 in Shanghai: hotline and chat open.
    const visitor = stack.client();
    const open = await visitor.get('/api/v1/support/contact');
    expect(open.body).toMatchObject({
      hotline: '400-000-1234',
      email: 'help@btepai.test',
      hotlineOpenNow: true,
      chatOpenNow: true,
      boardReplyHours: 2,
    });
    // Sunday 10:00: the hotline is open, chat is not (closed on Sundays).
    clock.set(new Date('2026-11-29T02:00:00Z'));
    const sunday = await visitor.get('/api/v1/support/contact');
    expect(sunday.body).toMatchObject({ hotlineOpenNow: true, chatOpenNow: false });
    // Thursday 20:00: both closed.
    clock.set(new Date('2026-11-26T12:00:00Z'));
    expect((await visitor.get('/api/v1/support/contact')).body.hotlineOpenNow).toBe(false);
    clock.set(new Date('2026-11-26T02:00:00Z'));
  });

  it('accepts only sensible settings, and only from operators', async () => {
    const bad = await operator.put('/api/v1/ops/settings/support', {
      chatHours: Array.from({ length: 7 }, () => ({ open: '18:00', close: '09:00' })),
    });
    expect(bad.status).toBe(400);
    expect(
      (await operator.put('/api/v1/ops/settings/support', { boardReplyHours: 0 })).status,
    ).toBe(400);
    expect((await agent.put('/api/v1/ops/settings/support', { hotline: '1' })).status).toBe(403);
  });
});

describe('message board', () => {
  it('takes a message about an order, shows it late past its deadline, and notifies the reply', async () => {
    const { user, shopper, orderNo } = await shopperWithOrder();
    const left = await shopper.post('/api/v1/support/board', {
      orderNo,
      subject: '发票问题',
      body: '请问可以开发票吗？',
    });
    expect(left.status).toBe(201);
    expect(left.body).toMatchObject({ orderNo, late: false, answeredAt: null });
    // The operator's deadline is 2 hours.
    expect(Date.parse(left.body.replyDueAt) - Date.parse(left.body.createdAt)).toBe(7_200_000);

    const other = await loginAs(stack, await createUser(stack.db));
    expect((await other.get(`/api/v1/support/board/${left.body.id}`)).status).toBe(404);
    expect((await other.get('/api/v1/support/board')).body.items).toEqual([]);
    expect((await shopper.get('/api/v1/ops/support/board')).status).toBe(403);

    clock.advance(3 * 3_600_000);
    const queue = await agent.get('/api/v1/ops/support/board?state=open');
    const queued = queue.body.items.find((m: { id: number }) => m.id === left.body.id);
    expect(queued).toMatchObject({ late: true, subject: '发票问题' });

    const replied = await agent.post(`/api/v1/ops/support/board/${left.body.id}/replies`, {
      body: '可以的，请在订单页申请。',
    });
    expect(replied.status).toBe(200);
    expect(replied.body.replies).toHaveLength(1);
    expect(replied.body.answeredAt).not.toBeNull();
    await stack.runtime.worker.drain();
    const inbox = await stack.db
      .select()
      .from(notices)
      .where(and(eq(notices.userId, user.id), eq(notices.template, 'support_replied')));
    expect(inbox.map((n) => n.channel).sort()).toEqual(['email', 'in_app', 'sms']);
    expect(inbox.find((n) => n.channel === 'in_app')?.body).toContain(orderNo);
    const mine = await shopper.get('/api/v1/support/board');
    expect(mine.body.items[0].replies[0].body).toBe('可以的，请在订单页申请。');

    // Part of the order's history.
    const [order] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
    const history = await loadSupportHistory(stack.db, order?.id ?? 0);
    expect(history.boardMessages).toEqual([
      expect.objectContaining({
        subject: '发票问题',
        replies: [expect.objectContaining({ body: '可以的，请在订单页申请。' })],
      }),
    ]);
  });

  it('shows an order’s 客服记录 to its shopper and staff, to no other shopper', async () => {
    const { shopper, orderNo } = await shopperWithOrder();
    await shopper.post('/api/v1/support/board', { orderNo, subject: '尺码', body: '偏大吗？' });
    const own = await shopper.get(`/api/v1/orders/${orderNo}/support-history`);
    expect(own.body.boardMessages).toEqual([expect.objectContaining({ subject: '尺码' })]);
    const staff = await agent.get(`/api/v1/ops/orders/${orderNo}/support-history`);
    expect(staff.body.boardMessages).toHaveLength(1);
    const other = await loginAs(stack, await createUser(stack.db));
    expect((await other.get(`/api/v1/orders/${orderNo}/support-history`)).status).toBe(404);
  });

  it('takes a message about no order, keeps markup as text, and still notifies', async () => {
    const { user, shopper } = await shopperWithOrder();
    const evil = '<script>alert(1)</script>';
    const left = await shopper.post('/api/v1/support/board', { subject: '账户', body: evil });
    expect(left.body).toMatchObject({ orderNo: null, body: evil });
    await agent.post(`/api/v1/ops/support/board/${left.body.id}/replies`, { body: '已处理' });
    await stack.runtime.worker.drain();
    const [inApp] = await stack.db
      .select()
      .from(notices)
      .where(
        and(
          eq(notices.userId, user.id),
          eq(notices.template, 'support_replied'),
          eq(notices.channel, 'in_app'),
        ),
      );
    expect(inApp?.body).toContain('账户');
    expect(inApp?.link).toMatch(/\/support\/messages$/);
  });
});
