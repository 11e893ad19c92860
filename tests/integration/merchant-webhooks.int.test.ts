import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
} from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const clock = new ManualClock();
let stack: TestStack;
const received: { body: string; signature: string }[] = [];
let failuresLeft = 2;
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    // The shop's system is down twice before it answers.
    if (failuresLeft-- > 0) {
      res.writeHead(500).end();
      return;
    }
    received.push({ body, signature: String(req.headers['btepai-signature'] ?? '') });
    res.writeHead(200).end('ok');
  });
});

beforeAll(async () => {
  stack = await startTestStack({ clock });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await stack?.close();
  await new Promise((r) => receiver.close(r));
});

describe('merchant webhooks', () => {
  it('tells the shop’s system about its orders, signed, retried until it answers, once per event', async () => {
    const shop = await createShop(stack.db, { priceFen: 9_900 });
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const set = await merchant.put('/api/v1/merchant/webhook', { url });
    expect(set.body.secret).toMatch(/^whsec_/);
    const secret: string = set.body.secret;

    const shopper = await loginAs(stack, await createUser(stack.db));
    const placed = await shopper.post('/api/v1/orders', {
      items: [{ variantId: shop.variantIds[0], quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    const orderNo = placed.body.orders[0].orderNo;
    await payThroughSandbox(stack, shopper, orderNo);
    await stack.settle();
    await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    for (let i = 0; i < 5; i++) {
      clock.advance(60_000);
      await stack.settle();
    }
    const types = received.map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types.filter((t) => t === 'order.paid')).toHaveLength(1);
    expect(types.filter((t) => t === 'order.cancelled')).toHaveLength(1);
    for (const r of received) {
      const [t, v1] = r.signature.split(',').map((p) => p.split('=')[1]);
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex'));
      expect((JSON.parse(r.body) as { data: { orderNo: string } }).data.orderNo).toBe(orderNo);
    }
    const log = await merchant.get('/api/v1/merchant/webhook');
    expect(log.body.deliveries.every((d: { status: string }) => d.status === 'delivered')).toBe(
      true,
    );
    expect(
      Math.max(...log.body.deliveries.map((d: { attempts: number }) => d.attempts)),
    ).toBeGreaterThan(1);
  });
});
