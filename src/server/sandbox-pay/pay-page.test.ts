import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WEBHOOK_SECRET,
  paymentBody,
  startReceiver,
  startSandbox,
  type Receiver,
  type RunningSandbox,
} from './testing.js';

interface PaymentJsonT {
  id: string;
  status: string;
  channel: string | null;
  succeeded_at: string | null;
}

let sandbox: RunningSandbox;
let receiver: Receiver;
let seq = 0;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

async function create(overrides: Record<string, unknown> = {}): Promise<PaymentJsonT> {
  const res = await sandbox.api('POST', '/v1/payments', paymentBody(receiver.url, overrides), {
    'idempotency-key': `page-${++seq}`,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as PaymentJsonT;
}

async function page(id: string): Promise<{ status: number; html: string; res: Response }> {
  const res = await fetch(`${sandbox.baseUrl}/pay/${id}`);
  return { status: res.status, html: await res.text(), res };
}

function confirm(id: string, channel?: string): Promise<Response> {
  return fetch(`${sandbox.baseUrl}/pay/${id}/confirm`, {
    method: 'POST',
    body: new URLSearchParams(channel === undefined ? {} : { channel }),
    redirect: 'manual',
  });
}

async function get(id: string): Promise<PaymentJsonT> {
  return (await (await sandbox.api('GET', `/v1/payments/${id}`)).json()) as PaymentJsonT;
}

describe('GET /pay/:id', () => {
  it('shows amount, order number, four labelled channels, confirm button and cancel link', async () => {
    const p = await create({ amount_fen: 123456 });
    const { status, html, res } = await page(p.id);
    expect(status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('¥1,234.56');
    expect(html).toContain('BT20250101000001');
    for (const [value, label] of [
      ['balance', '余额'],
      ['alipay', '支付宝'],
      ['wechat', '微信支付'],
      ['card', '银行卡'],
    ]) {
      expect(html).toContain(
        `<input type="radio" id="channel-${value}" name="channel" value="${value}" aria-label="${label}"`,
      );
      expect(html).toContain(`<label class="channel" for="channel-${value}">`);
    }
    expect(html).toMatch(/<button type="submit" aria-label="确认支付">确认支付/);
    expect(html).toContain('<a href="http://shop.test/orders/1">取消支付');
    expect(html).toContain(`action="/pay/${p.id}/confirm"`);
  });

  it('escapes interpolated text', async () => {
    const p = await create({
      merchant_order_no: '<script>alert(1)</script>',
      description: '"><img src=x onerror=alert(2)>',
      return_url: 'http://shop.test/?a=1&b="x"',
    });
    const { html } = await page(p.id);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('href="http://shop.test/?a=1&amp;b=%22x%22"');
  });

  it('404s an unknown payment', async () => {
    const { status, html } = await page('pay_unknown');
    expect(status).toBe(404);
    expect(html).toContain('支付单不存在');
  });
});

describe('POST /pay/:id/confirm', () => {
  it('pays with the chosen channel, redirects 303 to return_url and sends one signed webhook', async () => {
    const p = await create();
    const res = await confirm(p.id, 'alipay');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('http://shop.test/orders/1');
    const paid = await get(p.id);
    expect(paid).toMatchObject({ status: 'succeeded', channel: 'alipay' });
    expect(paid.succeeded_at).not.toBeNull();

    await sandbox.app.sandbox.flushWebhooks();
    const hooks = receiver.received.filter((r) => r.body.includes(p.id));
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    const event = JSON.parse(hook.body) as {
      id: string;
      type: string;
      created: number;
      data: { payment: PaymentJsonT };
    };
    expect(event.id).toMatch(/^evt_/);
    expect(event.type).toBe('payment.succeeded');
    expect(event.data.payment).toEqual(paid);
    const header = String(hook.headers['sandbox-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    const expected = createHmac('sha256', WEBHOOK_SECRET)
      .update(`${match![1]}.${hook.body}`)
      .digest('hex');
    expect(match![2]).toBe(expected);
    expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('is idempotent: paying twice changes neither channel nor time, and sends no second event', async () => {
    const p = await create();
    await confirm(p.id, 'wechat');
    const first = await get(p.id);
    await new Promise((r) => setTimeout(r, 5));
    const again = await confirm(p.id, 'card');
    expect(again.status).toBe(303);
    expect(await get(p.id)).toEqual(first);
    await sandbox.app.sandbox.flushWebhooks();
    expect(receiver.received.filter((r) => r.body.includes(p.id))).toHaveLength(1);

    const { html } = await page(p.id);
    expect(html).toContain('已支付');
    expect(html).toContain('微信支付');
    expect(html).not.toContain('确认支付');
  });

  it('cannot pay a voided payment', async () => {
    const p = await create();
    expect((await sandbox.api('POST', `/v1/payments/${p.id}/void`)).status).toBe(200);
    const { html } = await page(p.id);
    expect(html).toContain('此订单已关闭');
    expect(html).not.toContain('确认支付');
    const res = await confirm(p.id, 'alipay');
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('此订单已关闭');
    expect(await get(p.id)).toMatchObject({ status: 'voided', channel: null });

    await sandbox.app.sandbox.flushWebhooks();
    const types = receiver.received
      .filter((r) => r.body.includes(p.id))
      .map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types).toEqual(['payment.voided']);
  });

  it('asks again for a missing or unknown channel (400) and 404s an unknown payment', async () => {
    const p = await create();
    const missing = await confirm(p.id);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('请选择支付方式');
    expect((await confirm(p.id, 'bitcoin')).status).toBe(400);
    expect((await get(p.id)).status).toBe('pending');
    expect((await confirm('pay_unknown', 'alipay')).status).toBe(404);
  });
});
