import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
} from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { signWebhook } from '../support/webhooks.js';
import { setFaults } from './refund-support.js';

// Forged and tampered refund webhooks: a bad signature, an old (replayed) timestamp, a refund
// the app never asked for, and an amount that is not ours are refused with a 4xx, and leave the
// refund, its timeline, the order's timeline, the webhook receipts and the outbox as they were.
let stack: TestStack;
let refund: { id: number; providerRefundId: string; amountFen: number; orderId: number };
beforeAll(async () => {
  stack = await startTestStack();
  const shop = await createShop(stack.db, { priceFen: 6_800 });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  const orderNo: string = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo);
  await stack.settle();
  // Accepted by the provider, but no webhook of its own ever reaches the app: 退款中.
  await setFaults(stack, { webhooks: { drop: true } });
  const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'price',
  });
  await stack.settle();
  const [row] = await queryRows<{
    id: number;
    provider_refund_id: string;
    amount_fen: number;
    order_id: number;
    status: string;
  }>(
    stack.db,
    sql`SELECT id::int AS id, provider_refund_id, amount_fen::int AS amount_fen,
      order_id::int AS order_id, status FROM refunds WHERE id = ${cancel.body.refund.id as number}`,
  );
  expect(row?.status).toBe('processing');
  refund = {
    id: row!.id,
    providerRefundId: row!.provider_refund_id,
    amountFen: row!.amount_fen,
    orderId: row!.order_id,
  };
});
afterAll(async () => {
  await stack?.close();
});

const EVENT_ID = 'evt_forged_0001';

function succeededEvent(over: { refundId?: string; amountFen?: number; eventId?: string } = {}) {
  return JSON.stringify({
    id: over.eventId ?? EVENT_ID,
    type: 'refund.succeeded',
    created: Math.floor(Date.now() / 1000),
    data: {
      refund: {
        id: over.refundId ?? refund.providerRefundId,
        payment_id: 'pay_whatever',
        amount_fen: over.amountFen ?? refund.amountFen,
        currency: 'CNY',
        status: 'succeeded',
        failure_reason: null,
        channel: 'alipay',
        settled_at: new Date().toISOString(),
        expected_settle_at: null,
      },
    },
  });
}

async function post(body: string, signature: string | null) {
  const res = await fetch(`${stack.baseUrl}/api/v1/webhooks/sandbox-pay`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'sandbox-signature': signature }),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

/** Everything a refund webhook could change. */
async function snapshot() {
  const [r] = await queryRows<Record<string, unknown>>(
    stack.db,
    sql`SELECT status, arrived_at::text AS arrived_at, updated_at::text AS updated_at,
      failure_reason, (SELECT refund_status FROM orders WHERE id = ${refund.orderId}) AS order_refund_status,
      (SELECT count(*) FROM refund_events WHERE refund_id = ${refund.id})::int AS refund_events,
      (SELECT count(*) FROM order_events WHERE order_id = ${refund.orderId})::int AS order_events,
      (SELECT count(*) FROM webhook_receipts)::int AS receipts,
      (SELECT count(*) FROM outbox)::int AS outbox,
      (SELECT count(*) FROM audit_log)::int AS audit
    FROM refunds WHERE id = ${refund.id}`,
  );
  return r;
}

const secret = () => stack.config.sandboxPay.webhookSecret;
const now = () => Math.floor(Date.now() / 1000);

describe('refund webhooks that must not be trusted', () => {
  it('refuses a bad signature, a missing one and a malformed one', async () => {
    const before = await snapshot();
    const body = succeededEvent();
    const wrongKey = await post(body, signWebhook('whsec_not_ours', body));
    expect(wrongKey).toMatchObject({
      status: 400,
      body: { error: { code: 'WEBHOOK_SIGNATURE_INVALID' } },
    });
    // Signed for another body (the amount edited after signing).
    const tampered = await post(
      succeededEvent({ amountFen: refund.amountFen + 1 }),
      signWebhook(secret(), body),
    );
    expect(tampered.status).toBe(400);
    expect((await post(body, null)).status).toBe(400);
    expect((await post(body, 't=abc,v1=zz')).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a replayed webhook whose timestamp is too old, or too far ahead', async () => {
    const before = await snapshot();
    const body = succeededEvent();
    const old = await post(body, signWebhook(secret(), body, now() - 3_600));
    expect(old).toMatchObject({ status: 400, body: { error: { code: 'WEBHOOK_STALE' } } });
    const ahead = await post(body, signWebhook(secret(), body, now() + 3_600));
    expect(ahead).toMatchObject({ status: 400, body: { error: { code: 'WEBHOOK_STALE' } } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a correctly signed event about a refund that is not ours', async () => {
    const before = await snapshot();
    const body = succeededEvent({ refundId: 're_never_issued_by_us' });
    const res = await post(body, signWebhook(secret(), body));
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'REFUND_NOT_FOUND' } } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a correctly signed event whose amount differs from our record', async () => {
    const before = await snapshot();
    for (const amountFen of [refund.amountFen + 1, refund.amountFen - 1, refund.amountFen * 10]) {
      const body = succeededEvent({ amountFen });
      const res = await post(body, signWebhook(secret(), body));
      expect(res).toMatchObject({
        status: 400,
        body: { error: { code: 'WEBHOOK_AMOUNT_MISMATCH' } },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('did not burn the event id: the genuine event is applied once, and its replay changes nothing', async () => {
    const body = succeededEvent();
    const genuine = await post(body, signWebhook(secret(), body));
    expect(genuine).toMatchObject({ status: 200, body: { outcome: 'refund_updated' } });
    const after = await snapshot();
    expect(after).toMatchObject({ status: 'succeeded', order_refund_status: 'succeeded' });
    expect(after?.['arrived_at']).not.toBeNull();
    const again = await post(body, signWebhook(secret(), body));
    expect(again).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await snapshot()).toEqual(after);
  });
});
