import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { buildDisputeBundle } from '../../src/server/modules/ops/bundle-zip.js';
import type { SupportHistory } from '../../src/server/modules/ops/support-history.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
} from '../support/factories.js';
import { ChatClient } from '../support/chat-client.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { unzip } from '../support/unzip.js';

let stack: TestStack;
let shopper: TestClient;
let ops: TestClient;
let otherShopper: TestClient;
let orderNo: string;
let orderId: number;
let chatId: number;
const ALWAYS = Array.from({ length: 7 }, () => ({ open: '00:00', close: '24:00' }));

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

function cookies(client: TestClient) {
  return {
    cookie: `btp_sid=${client.cookie('btp_sid')}; btp_csrf=${client.cookie('btp_csrf')}`,
    'x-csrf-token': client.cookie('btp_csrf') ?? '',
  };
}

async function upload(client: TestClient, refundId: number, name: string, data: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  const res = await fetch(`${stack.baseUrl}/api/v1/refunds/${refundId}/evidence`, {
    method: 'POST',
    body: form,
    headers: cookies(client),
  });
  expect(res.status).toBe(201);
}

async function download(client: TestClient, url: string) {
  const res = await fetch(`${stack.baseUrl}${url}`, { headers: cookies(client) });
  return { res, data: Buffer.from(await res.arrayBuffer()) };
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(stack.db, query);
  return row!.n;
}

beforeAll(async () => {
  stack = await startTestStack();
  ops = await loginAs(stack, await createUser(stack.db, 'operator'));
  shopper = await loginAs(stack, await createUser(stack.db));
  otherShopper = await loginAs(stack, await createUser(stack.db));
  // Large enough that the refund waits for review, so evidence can be added.
  const shop = await createShop(stack.db, { stock: 3, priceFen: 300_000 });
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: { ...ADDRESS, name: '<script>alert("x")</script>' },
  });
  orderNo = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo);
  await stack.settle();
  await talkToSupport();
  const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'other',
    reasonText: '买错了 <b>不要了</b>',
  });
  expect(cancel.body.refund.status).toBe('pending_review');
  const refundId = cancel.body.refund.id as number;
  await ops.post(`/api/v1/refunds/${refundId}/evidence-request`, { note: '请上传付款截图' });
  await upload(shopper, refundId, 'screenshot.png', PNG);
  await upload(shopper, refundId, '../../etc/receipt.pdf', PDF);
  await stack.settle();
  const [row] = await queryRows<{ id: number }>(
    stack.db,
    sql`SELECT id::int AS id FROM orders WHERE order_no = ${orderNo}`,
  );
  orderId = row!.id;
});
afterAll(async () => {
  await stack?.close();
});

/** A real chat about the order (opened, taken, a message each way) and a 留言 with a reply. */
async function talkToSupport(): Promise<void> {
  const agent = await loginAs(stack, await createUser(stack.db, 'agent'));
  expect((await ops.put('/api/v1/ops/settings/support', { chatHours: ALWAYS })).status).toBe(200);
  const opened = await shopper.post('/api/v1/support/chats', { orderNo });
  chatId = opened.body.id as number;
  expect((await agent.post(`/api/v1/support/chats/${chatId}/take`)).status).toBe(200);
  const socketOf = (client: TestClient) =>
    new ChatClient({
      baseUrl: stack.baseUrl,
      chatId,
      sessionToken: client.cookie('btp_sid') ?? '',
    });
  const me = socketOf(shopper);
  const them = socketOf(agent);
  await me.connect();
  await them.connect();
  await me.send('<i>收到的商品有划痕</i>');
  const answer = await them.send('请上传照片，我们为您处理。');
  await me.waitFor(() => me.received.has(answer));
  await me.close();
  await them.close();
  const left = await shopper.post('/api/v1/support/board', {
    orderNo,
    subject: '退款进度',
    body: '退款什么时候到？',
  });
  expect(left.status).toBe(201);
  const replied = await agent.post(`/api/v1/ops/support/board/${left.body.id}/replies`, {
    body: '审核中，请耐心等待',
  });
  expect(replied.status).toBe(200);
}

describe('dispute bundle (争议材料包)', () => {
  it('gives staff a ZIP with summary.html, order.json, the evidence files and every record, counted right', async () => {
    const { res, data } = await download(ops, `/api/v1/ops/orders/${orderNo}/dispute-bundle`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="dispute-${orderNo}.zip"`,
    );
    const entries = await unzip(data);
    const names = [...entries.keys()].sort();
    expect(names).toContain('summary.html');
    expect(names).toContain('order.json');

    const evidence = await queryRows<{ file_name: string; sha256: string }>(
      stack.db,
      sql`SELECT e.file_name, e.sha256 FROM refund_evidence e JOIN refunds r ON r.id = e.refund_id
          WHERE r.order_id = ${orderId} ORDER BY e.id`,
    );
    expect(evidence).toHaveLength(2);
    const evidenceEntries = names.filter((n) => n.startsWith('evidence/'));
    expect(evidenceEntries).toHaveLength(2);
    // The stored bytes themselves, unchanged; a path in the upload name never becomes a folder.
    expect(entries.get(evidenceEntries.find((n) => n.endsWith('screenshot.png'))!)).toEqual(PNG);
    expect(entries.get(evidenceEntries.find((n) => n.endsWith('receipt.pdf'))!)).toEqual(PDF);
    expect(names.every((n) => !n.includes('..'))).toBe(true);

    const raw = JSON.parse(entries.get('order.json')!.toString('utf8'));
    const timeline = await count(
      sql`SELECT count(*)::int AS n FROM order_events WHERE order_id = ${orderId}`,
    );
    const noticeCount = await count(
      sql`SELECT count(*)::int AS n FROM notices WHERE order_id = ${orderId}`,
    );
    const auditCount = await count(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE order_id = ${orderId}`,
    );
    expect(timeline).toBeGreaterThan(3);
    expect(noticeCount).toBeGreaterThan(0);
    expect(auditCount).toBeGreaterThan(5);
    expect(raw.order.orderNo).toBe(orderNo);
    expect(raw.lines).toHaveLength(1);
    expect(raw.timeline).toHaveLength(timeline);
    expect(raw.notices).toHaveLength(noticeCount);
    expect(raw.audit).toHaveLength(auditCount);
    expect(raw.evidence).toHaveLength(2);
    expect(raw.refunds).toHaveLength(1);
    expect(raw.cancellations).toHaveLength(1);
    // The chat and the 留言 about the order, every message of each.
    const chatMessages = await count(
      sql`SELECT count(*)::int AS n FROM support_chat_messages WHERE chat_id = ${chatId}`,
    );
    expect(chatMessages).toBeGreaterThanOrEqual(2);
    expect(raw.support.chats).toHaveLength(1);
    expect(raw.support.chats[0].messages).toHaveLength(chatMessages);
    expect(raw.support.boardMessages).toHaveLength(1);
    expect(raw.support.boardMessages[0].replies).toHaveLength(1);
    expect(raw.missingFiles).toEqual([]);

    const html = entries.get('summary.html')!.toString('utf8');
    expect(html).toContain(`订单 ${orderNo}`);
    for (const [id, n] of [
      ['timeline', timeline],
      ['notices', noticeCount],
      ['audit', auditCount],
      ['evidence', 2],
      ['chats', 1],
      ['messages', 1],
    ] as const) {
      expect(html).toMatch(
        new RegExp(`<section id="${id}"><h2>[^<]+<span class="count">（${n} 条）`),
      );
    }
    // User text is shown, never interpreted.
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('买错了 &lt;b&gt;不要了&lt;/b&gt;');
    expect(html).toContain('&lt;i&gt;收到的商品有划痕&lt;/i&gt;');
    expect(html).toContain('审核中，请耐心等待');
  });

  it('lets the shopper download their own order and nobody else', async () => {
    const own = await download(shopper, `/api/v1/orders/${orderNo}/dispute-bundle`);
    expect(own.res.status).toBe(200);
    const entries = await unzip(own.data);
    const raw = JSON.parse(entries.get('order.json')!.toString('utf8'));
    const shopperNotices = await count(
      sql`SELECT count(*)::int AS n FROM notices n JOIN orders o ON o.id = n.order_id
          WHERE n.order_id = ${orderId} AND n.user_id = o.shopper_id`,
    );
    expect(raw.notices).toHaveLength(shopperNotices);
    expect(raw.exportedFor).toBe('shopper');
    // Staff names are not handed out; roles are.
    expect(raw.audit.every((a: { actorName: string | null }) => a.actorName === null)).toBe(true);

    const other = await download(otherShopper, `/api/v1/orders/${orderNo}/dispute-bundle`);
    expect(other.res.status).toBe(404);
    const staffRoute = await download(shopper, `/api/v1/ops/orders/${orderNo}/dispute-bundle`);
    expect(staffRoute.res.status).toBe(403);
    const anonymous = await fetch(`${stack.baseUrl}/api/v1/orders/${orderNo}/dispute-bundle`);
    expect(anonymous.status).toBe(401);
  });

  it('carries chat transcripts, board messages and chat attachments from the support loader', async () => {
    const attachment = path.join('chat-files', 'photo-1.png');
    fs.mkdirSync(path.join(stack.config.dataDir, 'chat-files'), { recursive: true });
    fs.writeFileSync(path.join(stack.config.dataDir, attachment), PNG);
    const history: SupportHistory = {
      chats: [
        {
          id: 7,
          status: 'closed',
          openedAt: '2026-11-01T02:00:00.000Z',
          closedAt: '2026-11-01T02:30:00.000Z',
          agentName: '客服小王',
          rating: 5,
          messages: [
            {
              id: 1,
              senderRole: 'shopper',
              senderName: '买家',
              body: '退款什么时候到？<img src=x>',
              attachments: [
                { id: 3, fileName: 'photo.png', mimeType: 'image/png', storagePath: attachment },
              ],
              createdAt: '2026-11-01T02:01:00.000Z',
            },
            {
              id: 2,
              senderRole: 'agent',
              senderName: '客服小王',
              body: '预计 3 个工作日内到账',
              attachments: [],
              createdAt: '2026-11-01T02:02:00.000Z',
            },
          ],
        },
      ],
      boardMessages: [
        {
          id: 11,
          subject: '发票问题',
          body: '请补开发票',
          createdAt: '2026-11-02T02:00:00.000Z',
          replyDueAt: '2026-11-03T02:00:00.000Z',
          replies: [
            {
              id: 12,
              authorName: '客服小李',
              body: '已补开',
              createdAt: '2026-11-02T05:00:00.000Z',
            },
          ],
        },
      ],
    };
    const seen: number[] = [];
    const bundle = await buildDisputeBundle(
      stack.runtime.deps,
      orderNo,
      { any: true },
      (_db, id) => {
        seen.push(id);
        return Promise.resolve(history);
      },
    );
    const chunks: Buffer[] = [];
    for await (const c of bundle.stream) chunks.push(Buffer.from(c as Buffer));
    const entries = await unzip(Buffer.concat(chunks));
    expect(seen).toEqual([orderId]);
    expect(entries.get('chat/7/3-photo.png')).toEqual(PNG);
    const raw = JSON.parse(entries.get('order.json')!.toString('utf8'));
    expect(raw.support.chats).toHaveLength(1);
    expect(raw.support.chats[0].messages).toHaveLength(2);
    expect(raw.support.boardMessages).toHaveLength(1);
    const html = entries.get('summary.html')!.toString('utf8');
    expect(html).toMatch(/<section id="chats"><h2>[^<]+<span class="count">（1 条）/);
    expect(html).toMatch(/<section id="messages"><h2>[^<]+<span class="count">（1 条）/);
    expect(html).toContain('预计 3 个工作日内到账');
    expect(html).toContain('退款什么时候到？&lt;img src=x&gt;');
    // Real data for everything else: the evidence is still there.
    expect([...entries.keys()].filter((n) => n.startsWith('evidence/'))).toHaveLength(2);
  });
});
