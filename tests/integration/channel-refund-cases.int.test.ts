// What real refunds need, for every channel against its local provider: the refunded lines reach
// the provider; a second payment of one order is refunded once, through the channel that took it;
// a refund made in the provider's dashboard is recorded against the order (or listed for staff);
// and WeChat Pay's ABNORMAL refund goes to a new destination and arrives.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileRefunds } from '../../src/server/modules/refunds/reconcile.js';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { auditLog, orders, payments, refunds } from '../../src/server/platform/db/schema/index.js';
import { ADDRESS, createShop, createUser, loginAs, TEST_PASSWORD } from '../support/factories.js';
import { unionPayOrderId } from '../../src/server/platform/payment-channels/unionpay/unionpay-signing.js';
import { postNotify } from '../support/fake-providers/http.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import {
  payAtSandbox,
  startChannels,
  startPayment,
  type ChannelDriver,
} from './channel-support.js';

const clock = new ManualClock();
let channels: Awaited<ReturnType<typeof startChannels>>;
let stack: TestStack;

beforeAll(async () => {
  channels = await startChannels(clock);
  stack = await startTestStack({ clock, channels: channels.drivers.map((d) => d.adapter) });
}, 180_000); // fresh RSA keys and certificates for three providers: slow on a busy machine

afterAll(async () => {
  await stack?.close();
  await channels?.close();
});

const notifyUrl = (d: ChannelDriver) => `${stack.baseUrl}/api/v1/webhooks/${d.name}`;

interface Placed {
  shopper: TestClient;
  orderNo: string;
  orderId: number;
  shopId: number;
  variantIds: number[];
}

/** An order of `lines` (quantities of one product's styles at `priceFen` each). */
async function placeOrder(priceFen: number, lines: readonly number[] = [1]): Promise<Placed> {
  const shop = await createShop(stack.db, { stock: 10, priceFen, variants: lines.length });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const placed = await shopper.post('/api/v1/orders', {
    items: lines.map((quantity, i) => ({ variantId: shop.variantIds[i], quantity })),
    fromCart: false,
    address: ADDRESS,
  });
  expect(placed.status).toBe(201);
  const orderNo: string = placed.body.orders[0].orderNo;
  const [row] = await stack.db.select().from(orders).where(eq(orders.orderNo, orderNo));
  return { shopper, orderNo, orderId: row!.id, shopId: shop.shopId, variantIds: shop.variantIds };
}

/** Placed, handed to the channel and paid there; its notify taken: 待发货. */
async function paidThrough(d: ChannelDriver, priceFen: number, lines?: readonly number[]) {
  const placed = await placeOrder(priceFen, lines);
  await d.open(await startPayment(placed.shopper, placed.orderNo, d.name));
  expect(d.pay(placed.orderNo)).toBe(true);
  expect(await d.deliverNotifies()).toEqual([{ url: notifyUrl(d), ...d.taken }]);
  expect((await placed.shopper.get(`/api/v1/orders/${placed.orderNo}`)).body.status).toBe(
    'awaiting_shipment',
  );
  return placed;
}

async function refundsOf(orderId: number) {
  return stack.db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(refunds.id);
}

async function auditActions(orderId: number): Promise<string[]> {
  const rows = await stack.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.orderId, orderId))
    .orderBy(auditLog.id);
  return rows.map((r) => r.action);
}

async function timelineKinds(shopper: TestClient, orderNo: string): Promise<string[]> {
  const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
  return (detail.timeline as { kind: string }[]).map((e) => e.kind);
}

/** The lines each provider should have received for a refund of (quantity, fen) per style. */
function expectedGoods(d: ChannelDriver, variantIds: number[], lines: [number, number][]) {
  if (d.name === 'alipay')
    return lines.map(([, fen], i) => ({
      goods_id: String(variantIds[i]),
      refund_amount: (fen / 100).toFixed(2),
    }));
  if (d.name === 'wechatpay')
    return lines.map(([quantity, fen], i) => ({
      merchant_goods_id: String(variantIds[i]),
      goods_name: `测试商品 款式${i + 1}`,
      unit_price: fen / quantity,
      refund_amount: fen,
      refund_quantity: quantity,
    }));
  return null; // UnionPay's refund takes no lines
}

describe.each(['alipay', 'wechatpay', 'unionpay'])('refund cases through %s', (name) => {
  const driver = () => channels.drivers.find((d) => d.name === name)!;

  it(
    'sends the refunded lines with the refund; the refund arrives (已到账)',
    { timeout: 60_000 },
    async () => {
      const d = driver();
      const { shopper, orderNo, variantIds } = await paidThrough(d, 2_000, [2, 1]);
      const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
        selection: 'all',
        reasonCode: 'price',
      });
      expect(cancel.body.result).toBe('cancelled');
      const refundId = cancel.body.refund.id as number;
      await stack.settle();
      const key = `refund-${refundId}-a1`;
      const atProvider = d.refundAt(orderNo, key);
      expect(atProvider?.amountFen).toBe(6_000);
      expect(atProvider?.goods ?? null).toEqual(
        expectedGoods(d, variantIds, [
          [2, 4_000],
          [1, 2_000],
        ]),
      );
      d.settleRefund(orderNo, key);
      await d.deliverNotifies();
      await stack.settle();
      expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body).toMatchObject({
        status: 'succeeded',
        amountFen: 6_000,
        origin: 'ours',
      });
    },
  );

  it(
    'sends an after-sales refund with the lines it gives back (仅退款 of one unit)',
    { timeout: 60_000 },
    async () => {
      const d = driver();
      const { shopper, orderNo, shopId, variantIds } = await paidThrough(d, 2_000, [2, 1]);
      const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shopId));
      await merchant.post(`/api/v1/merchant/orders/${orderNo}/ship`, {
        carrier: '顺丰速运',
        trackingNo: 'SF5550002222',
      });
      await merchant.post(`/api/v1/merchant/orders/${orderNo}/deliver`);
      const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
      const created = await shopper.post(`/api/v1/orders/${orderNo}/after-sales`, {
        kind: 'refund_only',
        selection: [{ lineId: detail.lines[0].id as number, quantity: 1 }],
        reasonCode: 'damaged',
      });
      expect(created.status).toBe(201);
      const done = await merchant.post(`/api/v1/merchant/after-sales/${created.body.id}/decision`, {
        decision: 'approve',
      });
      expect(done.body).toMatchObject({ status: 'completed', refundFen: 2_000 });
      await stack.settle();
      const atProvider = d.refundAt(orderNo, `refund-${done.body.refundId as number}-a1`);
      expect(atProvider?.amountFen).toBe(2_000);
      expect(atProvider?.goods ?? null).toEqual(expectedGoods(d, variantIds, [[1, 2_000]]));
    },
  );

  it(
    'refunds a second payment of one order automatically, once, through its own channel',
    { timeout: 60_000 },
    async () => {
      const d = driver();
      const { shopper, orderNo, orderId } = await placeOrder(3_100);
      // The shopper pays at the channel (its notify not sent yet) and through the sandbox: the
      // sandbox pays the order, and closing the channel's payment finds it paid there too.
      await d.open(await startPayment(shopper, orderNo, d.name));
      expect(d.pay(orderNo)).toBe(true);
      await payAtSandbox(stack.sandboxUrl, await startPayment(shopper, orderNo, 'sandbox'));
      await stack.settle();
      expect((await shopper.get(`/api/v1/orders/${orderNo}`)).body.status).toBe(
        'awaiting_shipment',
      );
      // The channel's own notifies come after (the payment's, and Alipay's for the refund it
      // took meanwhile): each is accepted and the payment, already recorded, changes nothing.
      const late = await d.deliverNotifies();
      expect(late.length).toBeGreaterThan(0);
      for (const delivery of late) expect(delivery).toEqual({ url: notifyUrl(d), ...d.taken });
      await stack.settle();

      const [refund, ...more] = await refundsOf(orderId);
      expect(more).toEqual([]);
      const [channelPayment] = await stack.db
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, orderId), eq(payments.provider, d.name)));
      expect(refund).toMatchObject({
        origin: 'double_payment',
        paymentId: channelPayment!.id,
        amountFen: 3_100,
        providerKey: `refund-${refund!.id}-a1`,
      });
      expect(d.refundAt(orderNo, `refund-${refund!.id}-a1`)?.amountFen).toBe(3_100);
      d.settleRefund(orderNo, `refund-${refund!.id}-a1`);
      await d.deliverNotifies();
      await stack.settle();

      // The order stays paid by the first payment; the second comes back, shown on the order.
      const detail = (await shopper.get(`/api/v1/orders/${orderNo}`)).body;
      expect(detail).toMatchObject({ status: 'awaiting_shipment', paidFen: 3_100 });
      expect(await timelineKinds(shopper, orderNo)).toContain('payment.double');
      const listed = (await shopper.get(`/api/v1/refunds?orderNo=${orderNo}`)).body.items;
      expect(listed).toMatchObject([
        { id: refund!.id, status: 'succeeded', origin: 'double_payment', amountFen: 3_100 },
      ]);
      expect(await auditActions(orderId)).toContain('order.pay_twice');
      expect(d.refundCount(orderNo)).toBe(1);
    },
  );

  it(
    'closes the other payment the shopper opened once the order is paid (UnionPay: refunds it if paid)',
    { timeout: 60_000 },
    async () => {
      const d = driver();
      const { shopper, orderNo, orderId } = await placeOrder(2_700);
      await d.open(await startPayment(shopper, orderNo, d.name));
      await payAtSandbox(stack.sandboxUrl, await startPayment(shopper, orderNo, 'sandbox'));
      await stack.settle();
      expect((await shopper.get(`/api/v1/orders/${orderNo}`)).body.status).toBe(
        'awaiting_shipment',
      );
      const [channelPayment] = await stack.db
        .select({ status: payments.status })
        .from(payments)
        .where(and(eq(payments.orderId, orderId), eq(payments.provider, d.name)));
      expect(channelPayment?.status).toBe('voided');
      if (d.name !== 'unionpay') {
        expect(d.pay(orderNo)).toBe(false);
        expect(await refundsOf(orderId)).toEqual([]);
        return;
      }
      // UnionPay has no call to close an unpaid consume: a card paid there after all is
      // recorded and refunded as a double payment.
      expect(d.pay(orderNo)).toBe(true);
      await d.deliverNotifies();
      await stack.settle();
      expect(await refundsOf(orderId)).toMatchObject([
        { origin: 'double_payment', amountFen: 2_700 },
      ]);
    },
  );

  it(
    'records a refund made in the provider’s dashboard (or lists it for staff)',
    { timeout: 60_000 },
    async () => {
      const d = driver();
      const { shopper, orderNo, orderId } = await paidThrough(d, 4_400);
      const providerKey = d.refundInDashboard(orderNo, 1_000);
      const [delivery] = await d.deliverNotifies();
      expect(delivery).toMatchObject(d.taken);
      await stack.settle();
      // UnionPay's notify of a refund made at UnionPay names the payment by its queryId alone
      // (origQryId): matched to the payment that has it, like the others by our order number.
      const ops = await loginAs(stack, await createUser(stack.db, 'operator'));
      const unmatched = (await ops.get('/api/v1/ops/provider-refunds')).body.items as {
        refundKey: string;
      }[];
      expect(unmatched.filter((u) => u.refundKey === providerKey)).toEqual([]);
      const [refund, ...more] = await refundsOf(orderId);
      expect(more).toEqual([]);
      expect(refund).toMatchObject({
        origin: 'provider_dashboard',
        amountFen: 1_000,
        status: 'succeeded',
        providerRefundId: providerKey,
      });
      const listed = (await shopper.get(`/api/v1/refunds?orderNo=${orderNo}`)).body.items;
      expect(listed).toMatchObject([{ origin: 'provider_dashboard', status: 'succeeded' }]);
      expect(await timelineKinds(shopper, orderNo)).toContain('payment.dashboard_refund');
      expect(await auditActions(orderId)).toContain('refund.dashboard_recorded');
      // Nothing of ours went to the provider for it.
      expect(d.refundCount(orderNo)).toBe(1);

      // The money the dashboard gave back came off the order's lines: cancelling now refunds
      // only what is left, so the provider is never asked for the same money twice.
      const paidFen = (await shopper.get(`/api/v1/orders/${orderNo}`)).body.paidFen as number;
      const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
        selection: 'all',
        reasonCode: 'price',
      });
      expect(cancel.body.result).toBe('cancelled');
      expect(cancel.body.refund.amountFen).toBe(paidFen - 1_000);
      await stack.settle();
      const key = `refund-${cancel.body.refund.id as number}-a1`;
      expect(d.refundAt(orderNo, key)?.amountFen).toBe(paidFen - 1_000);
    },
  );
});

describe('a refund notify that names no payment of ours', () => {
  it('is listed for operators and taken, not applied (UnionPay, an unknown origQryId)', async () => {
    const d = channels.drivers.find((x) => x.name === 'unionpay')!;
    const { orderNo, orderId } = await paidThrough(d, 3_300);
    // Signed by UnionPay, a refund (txnType 04) of a consume we never had.
    const body = channels.unionpay.notifyBody(orderNo, (f) => {
      f['txnType'] = '04';
      f['orderId'] = 'MS20261206000000777777';
      f['origQryId'] = '999912060000000000001';
      f['queryId'] = '999912060000000000002';
      f['txnAmt'] = '500';
      f['reqReserved'] = '';
    });
    const answer = await postNotify(notifyUrl(d), body, {
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    });
    expect(answer).toMatchObject(d.taken);
    const ops = await loginAs(stack, await createUser(stack.db, 'operator'));
    const unmatched = (await ops.get('/api/v1/ops/provider-refunds')).body.items;
    expect(unmatched).toContainEqual(
      expect.objectContaining({
        provider: 'unionpay',
        refundKey: 'MS20261206000000777777',
        amountFen: 500,
        status: 'succeeded',
      }),
    );
    expect(await refundsOf(orderId)).toEqual([]);
    // Staff only: a shopper is refused.
    const shopper = await loginAs(stack, await createUser(stack.db));
    expect((await shopper.get('/api/v1/ops/provider-refunds')).status).toBe(403);
  });
});

describe('WeChat Pay: a refund the card refused (ABNORMAL)', () => {
  it(
    'becomes 退款失败, goes to the new card the shopper names, and arrives (已到账)',
    { timeout: 60_000 },
    async () => {
      const d = channels.drivers.find((x) => x.name === 'wechatpay')!;
      const { shopper, orderNo } = await paidThrough(d, 5_500);
      const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
        selection: 'all',
        reasonCode: 'price',
      });
      const refundId = cancel.body.refund.id as number;
      await stack.settle();
      const key = `refund-${refundId}-a1`;
      channels.wechat.settleRefund(key, 'ABNORMAL'); // the card was frozen
      await d.deliverNotifies();
      await stack.settle();
      expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body).toMatchObject({
        status: 'failed',
        failureReason: 'abnormal',
      });

      const named = await shopper.post(`/api/v1/refunds/${refundId}/destination`, {
        destination: {
          type: 'bank_account',
          bank: 'ICBC_DEBIT',
          accountNo: '6222020200112233445',
          holderName: '张三',
        },
        password: TEST_PASSWORD,
      });
      expect(named.body).toMatchObject({ status: 'pending_review' });
      const ops = await loginAs(stack, await createUser(stack.db, 'operator'));
      await ops.post(`/api/v1/ops/refunds/${refundId}/decision`, { decision: 'approve' });
      await stack.settle();

      // The refused refund itself went to the new card (WeChat's abnormal refund), not a second one.
      const transaction = channels.wechat.transaction(orderNo)!;
      expect(transaction.refunds.size).toBe(1);
      expect(transaction.refunds.get(key)).toMatchObject({
        status: 'PROCESSING',
        newDestination: {
          type: 'USER_BANK_CARD',
          bankType: 'ICBC_DEBIT',
          account: '6222020200112233445',
          name: '张三',
        },
      });
      expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('processing');

      channels.wechat.settleRefund(key, 'SUCCESS');
      expect((await d.deliverNotifies()).map((x) => x.status)).toEqual([204]);
      await stack.settle();
      const done = (await shopper.get(`/api/v1/refunds/${refundId}`)).body;
      expect(done).toMatchObject({ status: 'succeeded', amountFen: 5_500 });
      expect(done.timeline.map((e: { status: string }) => e.status)).toEqual([
        'approved',
        'processing',
        'failed',
        'pending_review',
        'approved',
        'processing',
        'succeeded',
      ]);
      const [row] = await stack.db.select().from(refunds).where(eq(refunds.id, refundId));
      expect(row).toMatchObject({ attempt: 2, providerKey: key, providerRefundId: key });
    },
  );
});

describe('WeChat Pay: a refund closed for good (CLOSED)', () => {
  it(
    'is issued anew under the next key after review; the old attempt’s late notify changes nothing',
    { timeout: 60_000 },
    async () => {
      const d = channels.drivers.find((x) => x.name === 'wechatpay')!;
      const { shopper, orderNo, orderId } = await paidThrough(d, 4_700);
      const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
        selection: 'all',
        reasonCode: 'price',
      });
      const refundId = cancel.body.refund.id as number;
      await stack.settle();
      const first = `refund-${refundId}-a1`;
      channels.wechat.settleRefund(first, 'CLOSED');
      await d.deliverNotifies();
      expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('failed');

      await shopper.post(`/api/v1/refunds/${refundId}/destination`, {
        destination: { type: 'balance' },
        password: TEST_PASSWORD,
      });
      const ops = await loginAs(stack, await createUser(stack.db, 'operator'));
      await ops.post(`/api/v1/ops/refunds/${refundId}/decision`, { decision: 'approve' });
      await stack.settle();
      const second = `refund-${refundId}-a2`;
      const transaction = channels.wechat.transaction(orderNo)!;
      expect(transaction.refunds.get(second)).toMatchObject({
        amountFen: 4_700,
        status: 'PROCESSING',
      });
      expect(transaction.refunds.get(first)?.newDestination).toBeNull();

      // WeChat sends the first attempt's notify again: ours, not a dashboard refund; nothing moves.
      channels.wechat.settleRefund(first, 'CLOSED');
      expect(await d.deliverNotifies()).toEqual([{ url: notifyUrl(d), ...d.taken }]);
      expect(await refundsOf(orderId)).toMatchObject([
        { id: refundId, status: 'processing', providerKey: second, origin: 'ours' },
      ]);

      channels.wechat.settleRefund(second, 'SUCCESS');
      await d.deliverNotifies();
      expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('succeeded');
    },
  );
});

describe('UnionPay: a refund the card’s bank refused', () => {
  it(
    'becomes 退款失败; sent to 余额, staff pay it outside UnionPay and record it: 已到账',
    { timeout: 60_000 },
    async () => {
      const d = channels.drivers.find((x) => x.name === 'unionpay')!;
      const { shopper, orderNo } = await paidThrough(d, 4_200);
      const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
        selection: 'all',
        reasonCode: 'price',
      });
      const refundId = cancel.body.refund.id as number;
      await stack.settle();
      channels.unionpay.settleRefund(unionPayOrderId(`refund-${refundId}-a1`), '01');
      await d.deliverNotifies();
      await stack.settle();
      expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('failed');

      const named = await shopper.post(`/api/v1/refunds/${refundId}/destination`, {
        destination: { type: 'balance' },
        password: TEST_PASSWORD,
      });
      expect(named.body).toMatchObject({ status: 'pending_review' });
      const ops = await loginAs(stack, await createUser(stack.db, 'operator'));
      await ops.post(`/api/v1/ops/refunds/${refundId}/decision`, { decision: 'approve' });
      await stack.settle();

      // UnionPay can only refund the card: nothing more goes there; staff are to pay it.
      expect(d.refundCount(orderNo)).toBe(1);
      const waiting = (await shopper.get(`/api/v1/refunds/${refundId}`)).body;
      expect(waiting).toMatchObject({ status: 'processing', paidByStaff: true });
      const queue = (await ops.get('/api/v1/ops/refunds?status=processing')).body.items;
      expect(queue).toContainEqual(expect.objectContaining({ id: refundId, paidByStaff: true }));
      // Reconciliation leaves it to staff: no provider has news of it. (The clock moves on for
      // good: this is the file's last test.)
      clock.advance(10 * 60_000);
      await reconcileRefunds(stack.runtime.deps);
      await stack.settle();
      expect((await shopper.get(`/api/v1/refunds/${refundId}`)).body.status).toBe('processing');
      expect(d.refundCount(orderNo)).toBe(1);

      // Only an operator records the transfer.
      const shopperTry = await shopper.post(`/api/v1/ops/refunds/${refundId}/staff-payout`, {
        reference: 'HZ20261206001',
      });
      expect(shopperTry.status).toBe(403);
      const paid = await ops.post(`/api/v1/ops/refunds/${refundId}/staff-payout`, {
        reference: 'YE20261206001',
      });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({
        status: 'succeeded',
        paidByStaff: true,
        offlineReference: 'YE20261206001',
        destination: { type: 'balance' },
      });
      expect(paid.body.arrivedAt).not.toBeNull();
      const again = await ops.post(`/api/v1/ops/refunds/${refundId}/staff-payout`, {
        reference: 'YE20261206002',
      });
      expect(again.body.error.code).toBe('REFUND_NOT_STAFF_PAYOUT');
    },
  );
});
