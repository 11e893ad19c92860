// A channel's payment notify racing its own duplicate and the unpaid-timeout job: the shopper paid
// at Alipay just before the deadline, and Alipay's notify (sent twice) arrives while the timeout
// job closes the trade. Whatever wins, every order ends paid exactly once, never cancelled, with
// no refund and one receipt per notify.
import { sql } from 'drizzle-orm';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { createAlipayProvider } from '../../src/server/platform/payment-channels/alipay/alipay-provider.js';
import { startFakeAlipay, type FakeAlipay } from '../support/fake-alipay/server.js';
import { postNotify } from '../support/fake-providers/http.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { raceSeed, seededRandom, shuffle } from './race-support.js';

const APP_ID = '2021000000000001';
const SELLER_ID = '2088000000000001';
const ORDERS = 12;
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

const clock = new ManualClock();
const rand = seededRandom(raceSeed('channel-notify-race'));
let fake: FakeAlipay;
let stack: TestStack;

beforeAll(async () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fake = await startFakeAlipay({
    appId: APP_ID,
    sellerId: SELLER_ID,
    appPublicKeyPem: app.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const alipay = createAlipayProvider({
    settings: {
      appId: APP_ID,
      privateKeyPem: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      gateway: fake.gateway,
      sellerId: SELLER_ID,
    },
  });
  stack = await startTestStack({ clock, channels: [alipay] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await fake?.close();
});

describe(
  'an Alipay notify racing its duplicate and the unpaid timeout',
  { timeout: 120_000 },
  () => {
    it('records each payment once; no order is cancelled or refunded', async () => {
      const shop = await createShop(stack.db, { stock: ORDERS, priceFen: 3_300 });
      const shopper = await loginAs(stack, await createUser(stack.db));
      const orderNos: string[] = [];
      for (let i = 0; i < ORDERS; i++) {
        const placed = await shopper.post('/api/v1/orders', {
          items: [{ variantId: shop.variantIds[0], quantity: 1 }],
          fromCart: false,
          address: ADDRESS,
        });
        const orderNo: string = placed.body.orders[0].orderNo;
        const pay = await shopper.post(`/api/v1/orders/${orderNo}/pay`, { provider: 'alipay' });
        expect(pay.status).toBe(200);
        expect((await fetch(pay.body.payUrl as string)).status).toBe(200); // the cashier opened
        expect(fake.pay(orderNo)).toBe(true); // paid at the last second
        orderNos.push(orderNo);
      }
      // Alipay's own notifies stay queued (late); the race posts a notify of each trade twice.
      clock.advance(31 * 60_000); // the timeout jobs are due
      const calls: (() => Promise<unknown>)[] = [];
      for (const orderNo of orderNos) {
        const body = fake.notifyBody(orderNo);
        for (let copy = 0; copy < 2; copy++)
          calls.push(async () => {
            const answer = await postNotify(`${stack.baseUrl}/api/v1/webhooks/alipay`, body, FORM);
            expect(answer.body).toBe('success');
          });
      }
      calls.push(() => stack.runtime.worker.drain());
      await Promise.all(shuffle(rand, calls).map((c) => c()));
      await stack.settle();
      // The late notifies arrive after all: taken, and nothing changes.
      const late = await fake.deliverNotifies();
      expect(late.map((d) => d.body)).toEqual(orderNos.map(() => 'success'));

      const rows = await queryRows<{
        order_no: string;
        status: string;
        paid_fen: number;
        paid_events: number;
        payment_status: string;
        refunds: number;
        cancellations: number;
      }>(
        stack.db,
        sql`SELECT o.order_no, o.status, o.paid_fen::int AS paid_fen,
        (SELECT count(*) FROM order_events e WHERE e.order_id = o.id AND e.kind = 'order.paid')::int AS paid_events,
        (SELECT status FROM payments p WHERE p.order_id = o.id) AS payment_status,
        (SELECT count(*) FROM refunds f WHERE f.order_id = o.id)::int AS refunds,
        (SELECT count(*) FROM cancellations c WHERE c.order_id = o.id)::int AS cancellations
      FROM orders o WHERE o.shop_id = ${shop.shopId}`,
      );
      expect(rows).toHaveLength(ORDERS);
      for (const r of rows)
        expect(r, r.order_no).toMatchObject({
          status: 'awaiting_shipment',
          paid_fen: 3_300,
          paid_events: 1,
          payment_status: 'succeeded',
          refunds: 0,
          cancellations: 0,
        });
    });
  },
);
