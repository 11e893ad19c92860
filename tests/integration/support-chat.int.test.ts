import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders, users } from '../../src/server/platform/db/schema/index.js';
import { loadSupportHistory } from '../../src/server/modules/support/order-history.js';
import { ChatClient } from '../support/chat-client.js';
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

let stack: TestStack;
let operator: TestClient;
let agentUser: TestUser;
let agent: TestClient;
const ALWAYS = Array.from({ length: 7 }, () => ({ open: '00:00', close: '24:00' }));

beforeAll(async () => {
  stack = await startTestStack();
  operator = await loginAs(stack, await createUser(stack.db, 'operator'));
  agentUser = await createUser(stack.db, 'agent');
  await stack.db.update(users).set({ displayName: '客服阿青' }).where(eq(users.id, agentUser.id));
  agent = await loginAs(stack, agentUser);
  const res = await operator.put('/api/v1/ops/settings/support', { chatHours: ALWAYS });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function paidOrder() {
  const shop = await createShop(stack.db, { stock: 5, priceFen: 5_000 });
  const shopperUser = await createUser(stack.db);
  const shopper = await loginAs(stack, shopperUser);
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  expect(placed.status).toBe(201);
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo);
  await stack.settle();
  return { shopper, shopperUser, orderNo };
}

async function chatAbout(shopper: TestClient, orderNo: string): Promise<number> {
  const opened = await shopper.post('/api/v1/support/chats', { orderNo });
  expect(opened.status).toBe(201);
  return opened.body.id as number;
}

function socket(client: TestClient, chatId: number, origin?: string): ChatClient {
  return new ChatClient({
    baseUrl: stack.baseUrl,
    chatId,
    sessionToken: client.cookie('btp_sid') ?? '',
    ...(origin ? { origin } : {}),
  });
}

function upload(client: TestClient, chatId: number, name: string, data: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  return fetch(`${stack.baseUrl}/api/v1/support/chats/${chatId}/attachments`, {
    method: 'POST',
    body: form,
    headers: {
      cookie: `btp_sid=${client.cookie('btp_sid')}; btp_csrf=${client.cookie('btp_csrf')}`,
      'x-csrf-token': client.cookie('btp_csrf') ?? '',
    },
  });
}

describe('online chat', () => {
  it('queues a chat from an order; an agent takes it and both talk over WebSockets', async () => {
    const { shopper, orderNo } = await paidOrder();
    const chatId = await chatAbout(shopper, orderNo);
    // Pressing 联系客服 again returns the same open chat.
    expect(await chatAbout(shopper, orderNo)).toBe(chatId);

    const queue = await agent.get('/api/v1/ops/support/chats?state=queued');
    const queued = queue.body.items.find((c: { id: number }) => c.id === chatId);
    expect(queued).toMatchObject({ status: 'queued', orderNo, agentName: null });
    expect(queued.queuePosition).toBeGreaterThanOrEqual(0);

    const me = socket(shopper, chatId);
    await me.connect();
    expect((await agent.post(`/api/v1/support/chats/${chatId}/take`)).body).toMatchObject({
      status: 'active',
      agentName: '客服阿青',
    });
    // A second take (another agent, or a double click) is refused.
    expect((await agent.post(`/api/v1/support/chats/${chatId}/take`)).status).toBe(409);

    const them = socket(agent, chatId);
    await them.connect();
    const seq = await me.send('我的订单什么时候发货？');
    await them.waitFor(() => them.received.get(seq)?.body === '我的订单什么时候发货？');
    const reply = await them.send('您好，我来为您查询。');
    await me.waitFor(() => me.received.has(reply));
    expect(me.received.get(reply)).toMatchObject({ senderRole: 'agent', senderName: '客服阿青' });
    // The 已接入 line came first: seqs are 1, 2, 3 in order on both sides.
    await them.waitFor(() => them.received.has(reply));
    expect(me.arrivals).toEqual([1, 2, 3]);
    expect(them.arrivals).toEqual([1, 2, 3]);

    // Typing and read marks reach the other side.
    me.typing();
    await them.waitFor(() => them.frames.some((f) => f.type === 'typing' && f.role === 'shopper'));
    me.read(reply);
    await them.waitFor(() =>
      them.frames.some((f) => f.type === 'read' && f.role === 'shopper' && f.seq === reply),
    );
    await me.close();
    await them.close();
  });

  it('gives a reconnecting client what it missed, and stores a resent message once', async () => {
    const { shopper, orderNo } = await paidOrder();
    const chatId = await chatAbout(shopper, orderNo);
    await agent.post(`/api/v1/support/chats/${chatId}/take`);
    const me = socket(shopper, chatId);
    const them = socket(agent, chatId);
    await me.connect();
    await them.connect();
    await me.waitFor(() => me.lastSeq === 1);
    me.drop();
    const missed = [await them.send('第一条'), await them.send('第二条')];
    await me.connect();
    await me.waitFor(() => missed.every((s) => me.received.has(s)));
    expect(me.arrivals).toEqual([1, ...missed]);

    // A message too long to travel in the NOTIFY (8,000 bytes) is read back from the table.
    const long = `${'长'.repeat(1000)}${'\u0007'.repeat(1000)}`;
    const longSeq = await them.send(long);
    await me.waitFor(() => me.received.has(longSeq));
    expect(me.received.get(longSeq)?.body).toBe(long);

    // The same client id twice (an ack lost with the connection) is one message.
    const a = await me.send('只应出现一次', 'client-id-1');
    const b = await me.send('只应出现一次', 'client-id-1');
    expect(b).toBe(a);
    const all = await shopper.get(`/api/v1/support/chats/${chatId}/messages?after=0`);
    expect(all.body.items.filter((m: { body: string }) => m.body === '只应出现一次')).toHaveLength(
      1,
    );
    await me.close();
    await them.close();
  });

  it('stores and returns markup as the text it is', async () => {
    const { shopper, orderNo } = await paidOrder();
    const chatId = await chatAbout(shopper, orderNo);
    const evil = '<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>';
    const me = socket(shopper, chatId);
    await me.connect();
    const seq = await me.send(evil);
    const got = await agent.get(`/api/v1/support/chats/${chatId}/messages?after=${seq - 1}`);
    expect(got.body.items[0].body).toBe(evil);
    await me.close();
  });

  it('keeps each shopper out of other shoppers’ chats, and other sites out of the socket', async () => {
    const { shopper, orderNo } = await paidOrder();
    const chatId = await chatAbout(shopper, orderNo);
    const other = await loginAs(stack, await createUser(stack.db));
    expect((await other.get(`/api/v1/support/chats/${chatId}`)).status).toBe(404);
    expect((await other.get(`/api/v1/support/chats/${chatId}/messages`)).status).toBe(404);
    expect((await other.post(`/api/v1/support/chats/${chatId}/close`)).status).toBe(404);
    await expect(socket(other, chatId).connect()).rejects.toThrow(/refused: 404/);
    // Someone else's order cannot be chatted about either.
    expect((await other.post('/api/v1/support/chats', { orderNo })).status).toBe(404);
    // A page on another site opening the socket with the shopper's cookie is refused.
    await expect(socket(shopper, chatId, 'https://evil.example').connect()).rejects.toThrow(
      /refused: 403/,
    );
    // Shoppers cannot act as customer service.
    expect((await shopper.post(`/api/v1/support/chats/${chatId}/take`)).status).toBe(403);
    expect((await shopper.get(`/api/v1/support/chats/${chatId}/order`)).status).toBe(403);
    const merchant = await loginAs(
      stack,
      await createUser(stack.db, 'merchant', (await createShop(stack.db)).shopId),
    );
    expect((await merchant.get(`/api/v1/support/chats/${chatId}`)).status).toBe(403);
  });

  it('lets the agent cancel the order for the shopper, audited under the agent’s name', async () => {
    const { shopper, orderNo } = await paidOrder();
    const chatId = await chatAbout(shopper, orderNo);
    // Not before taking the chat is fine too, but the usual way is after 接入.
    await agent.post(`/api/v1/support/chats/${chatId}/take`);
    const panel = await agent.get(`/api/v1/support/chats/${chatId}/order`);
    expect(panel.status).toBe(200);
    expect(panel.body.order).toMatchObject({ orderNo, status: 'awaiting_shipment' });
    expect(panel.body.order.lines).toHaveLength(1);

    const done = await agent.post(`/api/v1/support/chats/${chatId}/actions/cancel`, {
      reasonCode: 'price',
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ result: 'cancelled', orderStatus: 'cancelled' });
    const mine = await shopper.get(`/api/v1/orders/${orderNo}`);
    expect(mine.body.status).toBe('cancelled');

    const after = await agent.get(`/api/v1/support/chats/${chatId}/order`);
    const cancelRows = after.body.audit.filter(
      (a: { action: string }) =>
        a.action.startsWith('order.cancel') || a.action.startsWith('support.cancelled'),
    );
    expect(cancelRows.length).toBeGreaterThanOrEqual(2);
    for (const row of cancelRows)
      expect(row).toMatchObject({ actorRole: 'agent', actorName: '客服阿青' });
    const [row] = await stack.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'support.cancelled_for_shopper')));
    expect(row?.actorId).toBe(agentUser.id);
    // The chat says what was done, and the order's timeline names the agent's role.
    const msgs = await shopper.get(`/api/v1/support/chats/${chatId}/messages`);
    expect(msgs.body.items.at(-1)).toMatchObject({ senderRole: 'system' });
    expect(msgs.body.items.at(-1).body).toContain('已为您取消订单');
    expect(
      mine.body.timeline.some(
        (e: { kind: string; actorRole: string }) =>
          e.kind.startsWith('order.cancelled') && e.actorRole === 'agent',
      ),
    ).toBe(true);
  });

  it('takes pictures checked by content, and ends with a rating', async () => {
    const { shopper, orderNo } = await paidOrder();
    const chatId = await chatAbout(shopper, orderNo);
    await agent.post(`/api/v1/support/chats/${chatId}/take`);
    const fake = await upload(shopper, chatId, 'photo.png', Buffer.from('<html>not a picture'));
    expect(fake.status).toBe(415);
    const png = await upload(shopper, chatId, 'photo.png', PNG);
    expect(png.status).toBe(201);
    const file = (await png.json()) as { id: number; url: string };
    const me = socket(shopper, chatId);
    await me.connect();
    const withPic = await me.send('看这张图', 'pic-1', [file.id]);
    const got = await agent.get(`/api/v1/support/chats/${chatId}/messages?after=${withPic - 1}`);
    expect(got.body.items[0].attachments).toEqual([expect.objectContaining({ id: file.id })]);
    const download = await fetch(`${stack.baseUrl}${file.url}`, {
      headers: { cookie: `btp_sid=${agent.cookie('btp_sid')}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const stranger = await loginAs(stack, await createUser(stack.db));
    const denied = await fetch(`${stack.baseUrl}${file.url}`, {
      headers: { cookie: `btp_sid=${stranger.cookie('btp_sid')}` },
    });
    expect(denied.status).toBe(404);

    expect(
      (await shopper.post(`/api/v1/support/chats/${chatId}/rating`, { rating: 5 })).status,
    ).toBe(409);
    expect((await agent.post(`/api/v1/support/chats/${chatId}/close`)).body.status).toBe('closed');
    const rated = await shopper.post(`/api/v1/support/chats/${chatId}/rating`, { rating: 4 });
    expect(rated.body.rating).toBe(4);
    expect(
      (await shopper.post(`/api/v1/support/chats/${chatId}/rating`, { rating: 5 })).status,
    ).toBe(409);
    await me.close();

    // The transcript stays with the order, pictures included.
    const [order] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
    const history = await loadSupportHistory(stack.db, order?.id ?? 0);
    const chat = history.chats.find((c) => c.id === chatId);
    expect(chat).toMatchObject({ status: 'closed', agentName: '客服阿青', rating: 4 });
    expect(chat?.messages.some((m) => m.body === '看这张图' && m.senderRole === 'shopper')).toBe(
      true,
    );
    expect(chat?.messages.flatMap((m) => m.attachments)).toEqual([
      expect.objectContaining({ id: file.id, mimeType: 'image/png' }),
    ]);
  });

  it('is closed out of service hours and says so', async () => {
    const { shopper, orderNo } = await paidOrder();
    const closed = Array.from({ length: 7 }, () => null);
    await operator.put('/api/v1/ops/settings/support', { chatHours: closed });
    try {
      const res = await shopper.post('/api/v1/support/chats', { orderNo });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('SUPPORT_CLOSED');
      const contact = await shopper.get('/api/v1/support/contact');
      expect(contact.body.chatOpenNow).toBe(false);
    } finally {
      await operator.put('/api/v1/ops/settings/support', { chatHours: ALWAYS });
    }
  });
});
