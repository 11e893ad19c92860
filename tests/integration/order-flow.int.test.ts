import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../src/server/platform/db/schema/index.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  stockOf,
} from '../support/factories.js';
import { latestCode as latestCodeOf } from '../support/mailbox.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { signWebhook } from '../support/webhooks.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const latestCode = (recipient: string) => latestCodeOf(stack.db, recipient);

describe('a shopper registers, buys, pays and receives an order', () => {
  it('runs from registration to 已完成 over real HTTP to the payment provider', async () => {
    const shop = await createShop(stack.db, { stock: 5, priceFen: 12_900, shippingFeeFen: 800 });
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const shopper = stack.client();

    // Register: codes go out by real SMTP (email) and the SMS log driver.
    const email = 'new.shopper@example.test';
    const mobile = '13700001111';
    const codes = await shopper.post('/api/v1/auth/register-codes', { email, mobile });
    expect(codes.status).toBe(202);
    await stack.settle();
    const emailCode = await latestCode(email);
    const smsCode = await latestCode(mobile);
    const wrong = await shopper.post('/api/v1/auth/register', {
      email,
      mobile,
      password: 'Secret123',
      displayName: '新用户',
      emailCode: emailCode === '000000' ? '111111' : '000000',
      smsCode,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('CODE_INVALID');
    const registered = await shopper.post('/api/v1/auth/register', {
      email,
      mobile,
      password: 'Secret123',
      displayName: '新用户',
      emailCode,
      smsCode,
    });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({
      email,
      mobile,
      role: 'shopper',
      emailVerified: true,
      mobileVerified: true,
    });

    // Log out and back in with the mobile number.
    expect((await shopper.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await shopper.get('/api/v1/session')).body.user).toBeNull();
    const login = await shopper.post('/api/v1/auth/login', {
      account: mobile,
      password: 'Secret123',
    });
    expect(login.status).toBe(200);

    // Buy two units with 一键下单.
    const placed = await shopper.post(
      '/api/v1/orders',
      {
        items: [{ variantId: shop.variantIds[0], quantity: 2 }],
        fromCart: false,
        address: ADDRESS,
      },
      { 'idempotency-key': 'flow-order-0001' },
    );
    expect(placed.status).toBe(201);
    const order = placed.body.orders[0];
    expect(order.orderNo).toMatch(/^\d{18}$/);
    expect(order).toMatchObject({ status: 'pending_payment', payableFen: 2 * 12_900 + 800 });
    expect((await stockOf(stack.db, shop.variantIds[0]!)).available).toBe(3);

    // Pay on the provider's page; its signed webhook moves the order to 待发货.
    await payThroughSandbox(stack, shopper, order.orderNo, 'wechat');
    await stack.settle();
    let detail = await shopper.get(`/api/v1/orders/${order.orderNo}`);
    expect(detail.body).toMatchObject({
      status: 'awaiting_shipment',
      paidFen: 2 * 12_900 + 800,
      payment: { channel: 'wechat' },
    });
    expect(
      (await shopper.get('/api/v1/orders?tab=awaiting_shipment')).body.items.map(
        (o: { orderNo: string }) => o.orderNo,
      ),
    ).toEqual([order.orderNo]);

    // The merchant prepares and ships.
    expect(
      (await merchant.post(`/api/v1/merchant/orders/${order.orderNo}/prepare`)).body.preparing,
    ).toBe(true);
    const shipped = await merchant.post(`/api/v1/merchant/orders/${order.orderNo}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF1234567890',
    });
    expect(shipped.status).toBe(200);
    detail = await shopper.get(`/api/v1/orders/${order.orderNo}`);
    expect(detail.body).toMatchObject({
      status: 'shipped',
      shipment: { carrier: '顺丰速运', trackingNo: 'SF1234567890' },
      shopperActions: ['confirm_receipt'],
    });
    expect(await stockOf(stack.db, shop.variantIds[0]!)).toMatchObject({
      available: 3,
      reserved: 0,
      shipped: 2,
    });

    // The shopper confirms receipt.
    const done = await shopper.post(`/api/v1/orders/${order.orderNo}/confirm-receipt`);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'order.placed',
      'order.paid',
      'order.preparing',
      'order.shipped',
      'order.completed',
    ]);
    const counts = (await shopper.get('/api/v1/orders/counts')).body;
    expect(counts).toMatchObject({ all: 1, completed: 1, pending_payment: 0 });
  });

  it('rejects a tampered or replayed webhook and changes nothing', async () => {
    const shop = await createShop(stack.db, { priceFen: 5_000 });
    const shopper = await loginAs(stack, await createUser(stack.db));
    const placed = await shopper.post('/api/v1/orders', {
      items: [{ variantId: shop.variantIds[0], quantity: 1 }],
      fromCart: false,
      address: ADDRESS,
    });
    const orderNo: string = placed.body.orders[0].orderNo;
    const pay = await shopper.post(`/api/v1/orders/${orderNo}/pay`);
    const paymentId = new URL(pay.body.payUrl).pathname.split('/').pop()!;
    const event = {
      id: 'evt_forged_1',
      type: 'payment.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: {
        payment: {
          id: paymentId,
          status: 'succeeded',
          amount_fen: 5_000,
          currency: 'CNY',
          channel: 'alipay',
          merchant_order_no: orderNo,
          description: '',
          pay_url: pay.body.payUrl,
          created_at: new Date().toISOString(),
          succeeded_at: new Date().toISOString(),
          voided_at: null,
        },
      },
    };
    const webhook = (body: string, signature: string) =>
      fetch(`${stack.baseUrl}/api/v1/webhooks/sandbox-pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sandbox-signature': signature },
        body,
      });
    const body = JSON.stringify(event);

    // Signed with the wrong secret.
    expect((await webhook(body, signWebhook('not-the-secret', body))).status).toBe(400);
    // Correctly signed, then the body altered.
    const sig = signWebhook(stack.config.sandboxPay.webhookSecret, body);
    expect((await webhook(body.replace('"amount_fen":5000', '"amount_fen":1'), sig)).status).toBe(
      400,
    );
    // A capture of a real delivery replayed after the tolerance window.
    const old = signWebhook(
      stack.config.sandboxPay.webhookSecret,
      body,
      Math.floor(Date.now() / 1000) - 3600,
    );
    expect((await webhook(body, old)).status).toBe(400);
    const [row] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
    expect(row).toMatchObject({ status: 'pending_payment', paidFen: 0 });

    // A genuine payment, then its real delivery replayed: applied once, the replay changes nothing.
    await payThroughSandbox(stack, shopper, orderNo);
    await stack.settle();
    const listing = await fetch(`${stack.sandboxUrl}/admin/webhook-deliveries`, {
      headers: { authorization: `Bearer ${stack.config.sandboxPay.apiKey}` },
    });
    const { data } = (await listing.json()) as {
      data: { resource_id: string; status: string; body: string }[];
    };
    const delivered = data.find((d) => d.resource_id === paymentId && d.status === 'delivered');
    expect(delivered).toBeDefined();
    const before = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    expect(before).toMatchObject({ status: 'awaiting_shipment', paidFen: 5_000 });
    const captured = delivered!.body;
    const replay = await webhook(
      captured,
      signWebhook(stack.config.sandboxPay.webhookSecret, captured),
    );
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ outcome: 'duplicate' });
    const after = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
    expect(after.timeline).toEqual(before.timeline);
    expect(after.paidFen).toBe(5_000);
  });
});
