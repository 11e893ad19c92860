import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProviderRefund } from '../../src/server/modules/refunds/provider-sync.js';
import type { ProviderRefund } from '../../src/server/platform/payment-provider/payment-provider.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { withTx } from '../../src/server/platform/db/tx.js';
import {
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  type TestUser,
} from '../support/factories.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { signWebhook } from '../support/webhooks.js';
import { placeOrder } from './race-support.js';

// Provider reports about a refund arrive at least once and in any order, by webhook (deduplicated
// by event id) or as the answer to a query or submission (applied directly). Whatever the order
// and however many copies, a refund ends 已到账 with its arrival time, one timeline entry per state,
// and a late 退款中 never undoes 已到账.
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 500);

let stack: TestStack;
let order: { id: number; shopperId: number; shopId: number };
beforeAll(async () => {
  stack = await startTestStack();
  const shop = await createShop(stack.db, { priceFen: 5_000 });
  const user: TestUser = await createUser(stack.db);
  const shopper = await loginAs(stack, user);
  const [placed] = await placeOrder(shopper, [{ variantId: shop.variantIds[0]!, quantity: 1 }]);
  await payThroughSandbox(stack, shopper, placed!.orderNo);
  await stack.settle();
  const [row] = await queryRows<{ id: number }>(
    stack.db,
    sql`SELECT id::int AS id FROM orders WHERE order_no = ${placed!.orderNo}`,
  );
  order = { id: row!.id, shopperId: user.id, shopId: shop.shopId };
});
afterAll(async () => {
  await stack?.close();
});

type Kind = 'processing' | 'succeeded';
interface Delivery {
  kind: Kind;
  /** A signed webhook to the app's endpoint, or the same report as a query/submission answer. */
  via: 'webhook' | 'answer';
}

let seq = 0;
const SETTLED_AT = new Date('2025-03-01T08:00:00.000Z');

/** A refund already submitted: the provider's id is known, the refund approved or 退款中. */
async function submittedRefund(start: 'approved' | 'processing') {
  seq++;
  const now = new Date();
  const providerRefundId = `re_prop_${process.pid}_${seq}`;
  const amountFen = 1_000 + (seq % 900);
  // Raw SQL: only the columns this test needs, whatever else the table grows.
  const [row] = await queryRows<{ id: number }>(
    stack.db,
    sql`INSERT INTO refunds (order_id, shopper_id, shop_id, amount_fen, channel, status,
        provider_key, provider_refund_id, submitted_at, expected_earliest, expected_latest,
        created_at, updated_at)
      VALUES (${order.id}, ${order.shopperId}, ${order.shopId}, ${amountFen}, 'alipay', ${start},
        ${`prop-${seq}`}, ${providerRefundId}, ${now.toISOString()}::timestamptz,
        ${now.toISOString()}::timestamptz, ${new Date(now.getTime() + 86_400_000).toISOString()}::timestamptz,
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      RETURNING id::int AS id`,
  );
  const statuses = start === 'approved' ? ['approved'] : ['approved', 'processing'];
  for (const status of statuses) {
    await stack.db.execute(
      sql`INSERT INTO refund_events (refund_id, status, actor_role, created_at)
        VALUES (${row!.id}, ${status}, 'system', ${now.toISOString()}::timestamptz)`,
    );
  }
  return { id: row!.id, providerRefundId, amountFen };
}

function report(r: { providerRefundId: string; amountFen: number }, kind: Kind): ProviderRefund {
  return {
    id: r.providerRefundId,
    paymentId: 'pay_prop',
    amountFen: r.amountFen,
    status: kind,
    failureReason: null,
    channel: 'alipay',
    settledAt: kind === 'succeeded' ? SETTLED_AT : null,
    expectedSettleAt: null,
  };
}

async function deliver(r: { providerRefundId: string; amountFen: number }, d: Delivery) {
  if (d.via === 'answer') {
    await withTx(stack.db, (tx) =>
      applyProviderRefund(tx, stack.runtime.deps.outbox, report(r, d.kind), new Date()),
    );
    return;
  }
  const body = JSON.stringify({
    // One event id per provider event: a repeated delivery of it is a duplicate.
    id: `evt_${r.providerRefundId}_${d.kind}`,
    type: `refund.${d.kind}`,
    created: Math.floor(Date.now() / 1000),
    data: {
      refund: {
        id: r.providerRefundId,
        payment_id: 'pay_prop',
        amount_fen: r.amountFen,
        currency: 'CNY',
        status: d.kind,
        failure_reason: null,
        channel: 'alipay',
        settled_at: d.kind === 'succeeded' ? SETTLED_AT.toISOString() : null,
        expected_settle_at: null,
      },
    },
  });
  const res = await fetch(`${stack.baseUrl}/api/v1/webhooks/sandbox-pay`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'sandbox-signature': signWebhook(stack.config.sandboxPay.webhookSecret, body),
    },
    body,
  });
  expect(res.status, await res.text()).toBe(200);
}

async function stateOf(refundId: number) {
  const [row] = await queryRows<{ status: string; arrived_at: string | null }>(
    stack.db,
    sql`SELECT status, arrived_at::text AS arrived_at FROM refunds WHERE id = ${refundId}`,
  );
  const timeline = await queryRows<{ status: string }>(
    stack.db,
    sql`SELECT status FROM refund_events WHERE refund_id = ${refundId} ORDER BY id`,
  );
  const orderTimeline = await queryRows<{ kind: string }>(
    stack.db,
    sql`SELECT kind FROM order_events WHERE order_id = ${order.id}
      AND data->>'refundId' = ${String(refundId)} ORDER BY id`,
  );
  const succeededEvents = await queryRows<{ n: number }>(
    stack.db,
    sql`SELECT count(DISTINCT event_id)::int AS n FROM outbox
      WHERE topic = 'refund.succeeded' AND payload->>'refundId' = ${String(refundId)}`,
  );
  return {
    status: row!.status,
    arrivedAt: row!.arrived_at === null ? null : new Date(row!.arrived_at).toISOString(),
    timeline: timeline.map((e) => e.status),
    orderTimeline: orderTimeline.map((e) => e.kind),
    succeededEvents: Number(succeededEvents[0]?.n ?? 0),
  };
}

const deliveries = fc
  .array(
    fc.record({
      kind: fc.constantFrom<Kind>('processing', 'succeeded'),
      via: fc.constantFrom<Delivery['via']>('webhook', 'webhook', 'answer'),
    }),
    { minLength: 1, maxLength: 7 },
  )
  .filter((ds) => ds.some((d) => d.kind === 'succeeded'));

describe('provider refund reports in any order', () => {
  it(`end in the canonical final state for every shuffle and duplication (${RUNS} runs)`, async () => {
    const started = Date.now();
    let delivered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'approved' | 'processing'>('approved', 'processing'),
        deliveries,
        async (start, ds) => {
          const r = await submittedRefund(start);
          let succeededSeen = false;
          for (const d of ds) {
            await deliver(r, d);
            delivered++;
            succeededSeen ||= d.kind === 'succeeded';
            // Once 已到账, nothing moves it back.
            if (succeededSeen) expect((await stateOf(r.id)).status).toBe('succeeded');
          }
          // The canonical order (processing, then succeeded) went through 退款中; any order that
          // brought 已到账 before the first 退款中 skips that entry: never a duplicate, never back.
          const firstProcessing = ds.findIndex((d) => d.kind === 'processing');
          const firstSucceeded = ds.findIndex((d) => d.kind === 'succeeded');
          const throughProcessing =
            start === 'processing' || (firstProcessing >= 0 && firstProcessing < firstSucceeded);
          const expected = throughProcessing
            ? ['approved', 'processing', 'succeeded']
            : ['approved', 'succeeded'];
          const newEntries = expected.slice(start === 'processing' ? 2 : 1);
          expect(await stateOf(r.id)).toEqual({
            status: 'succeeded',
            arrivedAt: SETTLED_AT.toISOString(),
            timeline: expected,
            orderTimeline: newEntries.map((s) => `refund.${s}`),
            succeededEvents: 1,
          });
        },
      ),
      { numRuns: RUNS },
    );
    console.log(
      '[refund-order-independence]',
      JSON.stringify({ runs: RUNS, delivered, ms: Date.now() - started }),
    );
  }, 240_000);
});
