// A double payment's two notifies racing: the shopper opened Alipay and WeChat Pay for one order
// and paid both; each provider's notify (and its duplicate) is released from one barrier. Whatever
// wins, every order is paid once, the other payment is refunded exactly once through the channel
// that took it, and nothing else moves.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { postNotify } from '../support/fake-providers/http.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { releasedTogether, startChannels, startPayment } from './channel-support.js';
import { mapLimit } from './race-support.js';

/** The project's bar for money races. */
const ORDERS = 100;
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

const clock = new ManualClock();
let channels: Awaited<ReturnType<typeof startChannels>>;
let stack: TestStack;

beforeAll(async () => {
  channels = await startChannels(clock);
  stack = await startTestStack({ clock, channels: channels.drivers.map((d) => d.adapter) });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await channels?.close();
});

describe('the two notifies of a double payment at once', { timeout: 600_000 }, () => {
  it('pay each order once and refund the other payment once', async () => {
    const alipay = channels.drivers.find((d) => d.name === 'alipay')!;
    const wechat = channels.wechat;
    const shop = await createShop(stack.db, { stock: ORDERS, priceFen: 2_500 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const orderNos: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const placed = await shopper.post('/api/v1/orders', {
        items: [{ variantId: shop.variantIds[0], quantity: 1 }],
        fromCart: false,
        address: ADDRESS,
      });
      const orderNo: string = placed.body.orders[0].orderNo;
      await alipay.open(await startPayment(shopper, orderNo, 'alipay'));
      await startPayment(shopper, orderNo, 'wechatpay');
      expect(alipay.pay(orderNo)).toBe(true);
      expect(wechat.pay(orderNo)).toBe(true);
      orderNos.push(orderNo);
    }
    // The providers' own notifies stay queued; the race posts each payment's notify twice.
    await mapLimit(orderNos, 8, async (orderNo) => {
      const a = channels.alipay.notifyBody(orderNo);
      const w = wechat.paymentNotify(orderNo);
      const post = (url: string, body: string, headers: Record<string, string>) => async () =>
        (await postNotify(url, body, headers)).status;
      const alipayUrl = `${stack.baseUrl}/api/v1/webhooks/alipay`;
      const wechatUrl = `${stack.baseUrl}/api/v1/webhooks/wechatpay`;
      const statuses = await releasedTogether([
        post(alipayUrl, a, FORM),
        post(wechatUrl, w.body, w.headers),
        post(alipayUrl, a, FORM),
        post(wechatUrl, w.body, w.headers),
      ]);
      expect(statuses).toEqual([200, 204, 200, 204]);
    });
    await stack.settle();
    // Late arrivals: each provider's own notify, then the refunds' notifies. Nothing more moves.
    const late = [
      ...(await channels.alipay.deliverNotifies()),
      ...(await wechat.deliverNotifies()),
    ];
    expect(late.filter((d) => d.status !== 200 && d.status !== 204)).toEqual([]);
    await stack.settle();

    const rows = await queryRows<{
      order_no: string;
      status: string;
      paid_fen: number;
      paid_events: number;
      double_events: number;
      payments_taken: number;
      refunds: number;
      refund_origin: string | null;
      refund_provider: string | null;
      paid_by_other: boolean;
    }>(
      stack.db,
      sql`SELECT o.order_no, o.status, o.paid_fen::int AS paid_fen,
        (SELECT count(*) FROM order_events e WHERE e.order_id = o.id AND e.kind = 'order.paid')::int AS paid_events,
        (SELECT count(*) FROM order_events e WHERE e.order_id = o.id AND e.kind = 'payment.double')::int AS double_events,
        (SELECT count(*) FROM payments p WHERE p.order_id = o.id AND p.status = 'succeeded')::int AS payments_taken,
        (SELECT count(*) FROM refunds f WHERE f.order_id = o.id)::int AS refunds,
        (SELECT f.origin FROM refunds f WHERE f.order_id = o.id LIMIT 1) AS refund_origin,
        (SELECT p.provider FROM refunds f JOIN payments p ON p.id = f.payment_id
          WHERE f.order_id = o.id LIMIT 1) AS refund_provider,
        (SELECT p.channel FROM refunds f JOIN payments p ON p.id = f.payment_id
          WHERE f.order_id = o.id LIMIT 1) IS DISTINCT FROM o.payment_channel AS paid_by_other
      FROM orders o WHERE o.shop_id = ${shop.shopId}`,
    );
    expect(rows).toHaveLength(ORDERS);
    for (const r of rows) {
      expect(r, r.order_no).toMatchObject({
        status: 'awaiting_shipment',
        paid_fen: 2_500,
        paid_events: 1,
        double_events: 1,
        payments_taken: 2,
        refunds: 1,
        refund_origin: 'double_payment',
        paid_by_other: true,
      });
      // Exactly one refund at the providers, at the one whose payment did not pay the order.
      const atAlipay = alipay.refundCount(r.order_no);
      const atWechat = wechat.transaction(r.order_no)?.refunds.size ?? 0;
      expect({ atAlipay, atWechat }, r.order_no).toEqual(
        r.refund_provider === 'alipay'
          ? { atAlipay: 1, atWechat: 0 }
          : { atAlipay: 0, atWechat: 1 },
      );
    }
  });
});
