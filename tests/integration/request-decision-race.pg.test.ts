import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/server/platform/clock/clock.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { products } from '../../src/server/platform/db/schema/index.js';
import { createShop, createUser, loginAs, type TestShop } from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import {
  assertInvariants,
  expectDomainError,
  mapLimit,
  outboxProblems,
  payAll,
  pick,
  placeOrder,
  raceSeed,
  seededRandom,
  shuffle,
} from './race-support.js';

// Real concurrent connections: PostgreSQL only. 200 申请取消 are past their SLA deadline; for
// each, the merchant's 同意 and 拒绝 and the SLA timeout job all try to decide it at once.
const ORDERS = 200;
const WAVE = 25;
const SHOPPERS = 20;
const STOCK = 1_000;

const clock = new ManualClock();
let stack: TestStack;
beforeAll(async () => {
  // The job's drain() claims a whole wave at once, so it races every order of the wave.
  stack = await startTestStack({ clock, poolSize: 32, env: { WORKER_CONCURRENCY: String(WAVE) } });
});
afterAll(async () => {
  await stack?.close();
});

interface Req {
  i: number;
  orderNo: string;
  shopper: TestClient;
  merchant: TestClient;
  partial: { lineId: number; linePaidFen: number } | null;
  feeBp: number;
  requestId: number;
  slaDeadline: Date;
  approve?: TestResponse;
  reject?: TestResponse;
}

describe('同意 / 拒绝 / the SLA job deciding one 申请取消 at once', () => {
  it('records exactly one outcome for each of 200 requests and applies it once', async () => {
    const seed = raceSeed('request-decision-race');
    const rand = seededRandom(seed);
    // One shop refunds in full; the other keeps a 5% fee, charged because each request came
    // after the free-cancel window.
    const full = await createShop(stack.db, {
      stock: STOCK,
      priceFen: 4_500,
      variants: 3,
      shippingFeeFen: 700,
    });
    const feeShop = await createShop(stack.db, {
      stock: STOCK,
      priceFen: 3_999,
      variants: 3,
      shippingFeeFen: 500,
      policy: 'refund_minus_fee',
    });
    await stack.db
      .update(products)
      .set({ feeKind: 'percent', feeValue: 500 })
      .where(eq(products.id, feeShop.productId));
    const merchants = new Map<TestShop, TestClient>([
      [full, await loginAs(stack, await createUser(stack.db, 'merchant', full.shopId))],
      [feeShop, await loginAs(stack, await createUser(stack.db, 'merchant', feeShop.shopId))],
    ]);
    const shoppers = await Promise.all(
      Array.from({ length: SHOPPERS }, async () => loginAs(stack, await createUser(stack.db))),
    );

    const t0 = Date.now();
    const reqs: Req[] = await mapLimit(
      Array.from({ length: ORDERS }, (_, i) => i),
      16,
      async (i) => {
        const shop = i % 2 === 0 ? full : feeShop;
        const shopper = shoppers[i % SHOPPERS]!;
        // Every fifth asks to cancel one of two units; the rest ask for the whole order.
        const partial = i % 5 === 0;
        const items = partial
          ? [{ variantId: pick(rand, shop.variantIds), quantity: 2 }]
          : shuffle(rand, shop.variantIds)
              .slice(0, 1 + Math.floor(rand() * 2))
              .map((variantId) => ({ variantId, quantity: 1 + Math.floor(rand() * 3) }));
        const [order] = await placeOrder(shopper, items);
        return {
          i,
          orderNo: order!.orderNo,
          shopper,
          merchant: merchants.get(shop)!,
          partial: partial ? { lineId: order!.lines[0]!.id, linePaidFen: 0 } : null,
          feeBp: shop === feeShop ? 500 : 0,
          requestId: 0,
          slaDeadline: new Date(0),
        };
      },
    );
    await payAll(
      stack,
      reqs.map((r) => ({ client: r.shopper, orderNo: r.orderNo })),
    );

    // Past the free-cancel window, the merchant starts preparing: 取消订单 becomes 申请取消.
    clock.advance(31 * 60_000);
    await stack.settle();
    await mapLimit(reqs, 16, async (r) => {
      const res = await r.merchant.post(`/api/v1/merchant/orders/${r.orderNo}/prepare`);
      expect(res.status).toBe(200);
    });
    // The requests of each wave are made a minute apart, so each wave falls due on its own.
    for (let w = 0; w < ORDERS / WAVE; w++) {
      clock.advance(60_000);
      await mapLimit(reqs.slice(w * WAVE, (w + 1) * WAVE), WAVE, async (r) => {
        const res = await r.shopper.post(`/api/v1/orders/${r.orderNo}/cancellation`, {
          selection: r.partial ? [{ lineId: r.partial.lineId, quantity: 1 }] : 'all',
          reasonCode: pick(rand, ['logistics_delay', 'personal', 'price']),
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body).toMatchObject({
          result: 'requested',
          request: { status: 'pending', whole: r.partial === null },
        });
        r.requestId = res.body.request.id;
        r.slaDeadline = new Date(res.body.request.slaDeadline);
        if (r.partial) r.partial.linePaidFen = res.body.order.lines[0].paidFen;
      });
    }
    const queue = await merchants.get(full)!.get('/api/v1/merchant/cancellation-requests');
    expect(queue.body.items).toHaveLength(ORDERS / 2);
    const setupMs = Date.now() - t0;

    const t1 = Date.now();
    for (let w = 0; w < ORDERS / WAVE; w++) {
      const wave = reqs.slice(w * WAVE, (w + 1) * WAVE);
      // Just past this wave's deadline, before the next wave's.
      clock.set(new Date(wave[0]!.slaDeadline.getTime() + 1_000));
      const calls: (() => Promise<unknown>)[] = [];
      for (const r of wave) {
        const url = `/api/v1/merchant/cancellation-requests/${r.requestId}/decision`;
        calls.push(async () => {
          r.approve = await r.merchant.post(url, { decision: 'approve' });
        });
        calls.push(async () => {
          r.reject = await r.merchant.post(url, { decision: 'reject', reason: '商品已打包' });
        });
      }
      // The SLA job's claim is one quick query while each answer first loads a session, so
      // leaving together the job tends to win: in some waves the answers get a head start of a
      // few milliseconds, so every outcome gets its chances.
      const jobDelayMs = pick(rand, [0, 0, 0, 2, 5, 10]);
      calls.push(async () => {
        if (jobDelayMs > 0) await new Promise((r) => setTimeout(r, jobDelayMs));
        await stack.runtime.worker.drain();
      });
      await Promise.all(shuffle(rand, calls).map((c) => c()));
    }
    const raceMs = Date.now() - t1;
    await stack.settle();

    const rows = await queryRows<{
      id: number;
      status: string;
      decided_role: string | null;
      decided_at: Date | null;
      order_status: string;
      paid_fen: number;
      shipping_fen: number;
      decisions: string[];
      cancellations: number;
      c_kind: string | null;
      c_request: number | null;
      refunds: number;
      refund_fen: number;
    }>(
      stack.db,
      sql`SELECT r.id::int AS id, r.status, r.decided_role, r.decided_at,
        o.status AS order_status, o.paid_fen::int AS paid_fen, o.shipping_fen::int AS shipping_fen,
        ARRAY(SELECT kind FROM order_events e WHERE e.order_id = o.id
          AND kind IN ('cancellation.approved', 'cancellation.rejected', 'cancellation.auto_approved')
          ORDER BY e.id) AS decisions,
        (SELECT count(*) FROM cancellations c WHERE c.order_id = o.id)::int AS cancellations,
        (SELECT kind FROM cancellations c WHERE c.order_id = o.id LIMIT 1) AS c_kind,
        (SELECT request_id::int FROM cancellations c WHERE c.order_id = o.id LIMIT 1) AS c_request,
        (SELECT count(*) FROM refunds f WHERE f.order_id = o.id)::int AS refunds,
        COALESCE((SELECT SUM(amount_fen) FROM refunds f WHERE f.order_id = o.id), 0)::int AS refund_fen
      FROM cancellation_requests r JOIN orders o ON o.id = r.order_id`,
    );
    const byId = new Map(rows.map((x) => [x.id, x]));
    const fees = await queryRows<{ order_no: string; fee_fen: number }>(
      stack.db,
      sql`SELECT o.order_no, COALESCE(SUM(c.fee_fen), 0)::int AS fee_fen
        FROM orders o LEFT JOIN cancellations c ON c.order_id = o.id GROUP BY o.order_no`,
    );
    const feeOf = new Map(fees.map((f) => [f.order_no, f.fee_fen]));

    const tally = { approved: 0, rejected: 0, auto_approved: 0 };
    const anomalies: string[] = [];
    for (const r of reqs) {
      const row = byId.get(r.requestId)!;
      const status = row.status as keyof typeof tally;
      if (!(status in tally)) {
        anomalies.push(`${r.orderNo}: request still ${row.status}`);
        continue;
      }
      tally[status]++;
      expect(row.decisions, r.orderNo).toEqual([`cancellation.${status}`]);
      expect(row.decided_at).not.toBeNull();
      expect(row.decided_role).toBe(status === 'auto_approved' ? 'system' : 'merchant');

      // The merchant's two calls: the winner (if a merchant won) is told what it did; every
      // loser is told the request was already handled, and how.
      const a = r.approve!;
      const j = r.reject!;
      if (status === 'approved') {
        expect(a.status, JSON.stringify(a.body)).toBe(200);
        expect(a.body).toMatchObject({ result: 'cancelled', request: { status: 'approved' } });
      } else expectDecided(a, status);
      if (status === 'rejected') {
        expect(j.status, JSON.stringify(j.body)).toBe(200);
        expect(j.body).toMatchObject({
          result: 'requested',
          request: { status: 'rejected', decisionReason: '商品已打包' },
          order: { status: 'awaiting_shipment' },
        });
      } else expectDecided(j, status);

      if (status === 'rejected') {
        expect(row).toMatchObject({
          cancellations: 0,
          refunds: 0,
          order_status: 'awaiting_shipment',
        });
        continue;
      }
      // Approved (by the merchant or the SLA): one cancellation, tied to this request.
      expect(row).toMatchObject({
        cancellations: 1,
        c_request: r.requestId,
        c_kind: status === 'approved' ? 'request_approved' : 'request_auto_approved',
        refunds: 1,
      });
      const fee = feeOf.get(r.orderNo)!;
      if (r.feeBp === 0) expect(fee).toBe(0);
      else expect(fee).toBeGreaterThan(0);
      if (r.partial) {
        // One of two units: half the line's paid amount, less the fee; shipping stays.
        expect(row.order_status).toBe('awaiting_shipment');
        expect(row.refund_fen).toBe(Math.floor(r.partial.linePaidFen / 2) - fee);
      } else {
        expect(row.order_status).toBe('cancelled');
        expect(row.refund_fen).toBe(row.paid_fen - fee);
      }
    }
    expect(anomalies).toEqual([]);
    expect(tally.approved + tally.rejected + tally.auto_approved).toBe(ORDERS);

    // The SLA job ran once per request and failed none of them, even when it lost.
    const jobs = await queryRows<{ status: string; attempts: number; n: number }>(
      stack.db,
      sql`SELECT status, attempts, count(*)::int AS n FROM outbox
        WHERE consumer = 'cancellation.request_timeout' GROUP BY status, attempts`,
    );
    expect(jobs).toEqual([{ status: 'done', attempts: 1, n: ORDERS }]);
    expect(await outboxProblems(stack.db, clock.now())).toEqual([]);
    const report = await assertInvariants(stack.db);

    console.log(
      `[request-decision-race] ${ORDERS} requests in waves of ${WAVE}: ${JSON.stringify(tally)}; ` +
        `setup ${setupMs} ms, races ${raceMs} ms; ${JSON.stringify(report)}`,
    );
  }, 300_000); // bounded work; the margin is for a busy machine
});

function expectDecided(res: TestResponse, status: string): void {
  expectDomainError(res, 'CANCELLATION_REQUEST_DECIDED');
  expect(res.body.error.details).toEqual({ status });
}
