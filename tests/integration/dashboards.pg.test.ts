import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOpsHistory } from '../../bench/lib/ops-dataset.js';
import { generateOrders } from '../../bench/lib/orders-dataset.js';
import { hashPassword } from '../../src/server/modules/accounts/service.js';
import { createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// A known dataset (3,000 orders over ~100 days, 4 shops), then every dashboard figure is
// recomputed here from the raw rows, independently of the dashboard SQL, and compared.
let stack: TestStack;
let raw: pg.Client;
let ops: TestClient;
let merchant: TestClient;

const dayOf = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const today = dayOf(new Date());
const daysAgo = (n: number) => dayOf(new Date(Date.now() - n * 86_400_000));

beforeAll(async () => {
  stack = await startTestStack();
  raw = new pg.Client({ connectionString: stack.testDb.url });
  await raw.connect();
  await generateOrders(raw, {
    orders: 3_000,
    shoppers: 150,
    bigShopperEvery: 50,
    shops: 4,
    spacingSeconds: 3_000,
    passwordHash: await hashPassword('Bench1234pw'),
  });
  await generateOpsHistory(raw);
  // Some refunds were paid out by hand and recorded by staff (线下退款): they took no time on a
  // channel and stay out of the refund-time figures.
  await raw.query(
    `UPDATE refunds SET source = 'offline' WHERE status = 'succeeded' AND id % 7 = 0`,
  );
  ops = await loginAs(stack, await createUser(stack.db, 'operator'));
  merchant = await loginAs(stack, await createUser(stack.db, 'merchant', 2));
}, 120_000);
afterAll(async () => {
  await raw?.end();
  await stack?.close();
});

interface Filter {
  shopId?: number;
  from: string;
  to: string;
}
const inRange = (f: Filter, at: Date, shop: number) =>
  dayOf(at) >= f.from && dayOf(at) <= f.to && (f.shopId === undefined || shop === f.shopId);
const qs = (f: Filter) =>
  `from=${f.from}&to=${f.to}${f.shopId === undefined ? '' : `&shopId=${f.shopId}`}`;

function percentileCont(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

const FILTERS: Filter[] = [
  { from: daysAgo(120), to: today },
  { from: daysAgo(120), to: today, shopId: 3 },
  { from: daysAgo(40), to: daysAgo(10) },
];

describe('dashboards match direct counts', () => {
  it.each(FILTERS)('cancellations per day and reason: %o', async (f) => {
    // Every cancelled order: by its cancellation's reason, or closed unpaid at the deadline.
    const rows = (
      await raw.query<{ created_at: Date; reason_code: string; shop_id: string }>(
        `SELECT created_at, reason_code, shop_id FROM cancellations
         UNION ALL
         SELECT o.cancelled_at, 'payment_timeout', o.shop_id FROM orders o
         WHERE o.status = 'cancelled'
           AND NOT EXISTS (SELECT 1 FROM cancellations c WHERE c.order_id = o.id)`,
      )
    ).rows.filter((r) => inRange(f, r.created_at, Number(r.shop_id)));
    expect(rows.filter((r) => r.reason_code === 'payment_timeout').length).toBeGreaterThan(0);
    const expected = new Map<string, number>();
    for (const r of rows) {
      const key = `${dayOf(r.created_at)}|${r.reason_code}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const res = await ops.get(`/api/v1/ops/dashboards/cancellations?${qs(f)}`);
    expect(res.status).toBe(200);
    const got = new Map<string, number>(
      res.body.rows.map((r: { day: string; reasonCode: string; count: number }) => [
        `${r.day}|${r.reasonCode}`,
        r.count,
      ]),
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(got).toEqual(expected);
    expect(res.body.total).toBe(rows.length);
  });

  it.each(FILTERS)('cancellation rate by product: %o', async (f) => {
    const lines = (
      await raw.query<{
        product_id: string;
        qty_ordered: number;
        qty_cancelled: number;
        created_at: Date;
        shop_id: string;
      }>(
        `SELECT l.product_id, l.qty_ordered, l.qty_cancelled, o.created_at, o.shop_id
         FROM order_lines l JOIN orders o ON o.id = l.order_id`,
      )
    ).rows.filter((r) => inRange(f, r.created_at, Number(r.shop_id)));
    const byProduct = new Map<number, { ordered: number; cancelled: number }>();
    for (const l of lines) {
      const p = byProduct.get(Number(l.product_id)) ?? { ordered: 0, cancelled: 0 };
      p.ordered += l.qty_ordered;
      p.cancelled += l.qty_cancelled;
      byProduct.set(Number(l.product_id), p);
    }
    const res = await ops.get(`/api/v1/ops/dashboards/products?${qs(f)}`);
    expect(res.body.orderedUnits).toBe(lines.reduce((n, l) => n + l.qty_ordered, 0));
    expect(res.body.cancelledUnits).toBe(lines.reduce((n, l) => n + l.qty_cancelled, 0));
    expect(res.body.rows.length).toBeGreaterThan(0);
    for (const row of res.body.rows) {
      const want = byProduct.get(row.productId)!;
      expect(row.orderedUnits).toBe(want.ordered);
      expect(row.cancelledUnits).toBe(want.cancelled);
      expect(row.rate).toBeCloseTo(want.cancelled / want.ordered, 10);
    }
    // The worst product is listed first.
    const worst = Math.max(...[...byProduct.values()].map((p) => p.cancelled / p.ordered));
    expect(res.body.rows[0].rate).toBeCloseTo(worst, 10);
  });

  it.each(FILTERS)('refund time by channel, median and p90, against the promise: %o', async (f) => {
    const refunds = (
      await raw.query<{
        channel: string;
        created_at: Date;
        arrived_at: Date;
        expected_latest: Date;
        shop_id: string;
      }>(
        `SELECT channel, created_at, arrived_at, expected_latest, shop_id FROM refunds
         WHERE status = 'succeeded' AND arrived_at IS NOT NULL AND source <> 'offline'`,
      )
    ).rows.filter((r) => inRange(f, r.created_at, Number(r.shop_id)));
    const res = await ops.get(`/api/v1/ops/dashboards/refund-times?${qs(f)}`);
    const channels = [...new Set(refunds.map((r) => r.channel))].sort();
    expect(res.body.rows.map((r: { channel: string }) => r.channel)).toEqual(channels);
    for (const row of res.body.rows) {
      const mine = refunds.filter((r) => r.channel === row.channel);
      const took = mine.map((r) => (r.arrived_at.getTime() - r.created_at.getTime()) / 1000);
      const promised = mine.map(
        (r) => (r.expected_latest.getTime() - r.created_at.getTime()) / 1000,
      );
      expect(row.count).toBe(mine.length);
      expect(Math.abs(row.p50Seconds - percentileCont(took, 0.5))).toBeLessThanOrEqual(1);
      expect(Math.abs(row.p90Seconds - percentileCont(took, 0.9))).toBeLessThanOrEqual(1);
      expect(Math.abs(row.promisedSeconds - percentileCont(promised, 0.5))).toBeLessThanOrEqual(1);
      expect(row.onTime).toBe(mine.filter((r) => r.arrived_at <= r.expected_latest).length);
    }
  });

  it.each(FILTERS)('SLA compliance of cancellation requests and refund reviews: %o', async (f) => {
    const now = Date.now();
    const requests = (
      await raw.query<{
        status: string;
        requested_at: Date;
        sla_deadline: Date;
        decided_at: Date | null;
        shop_id: string;
      }>(
        'SELECT status, requested_at, sla_deadline, decided_at, shop_id FROM cancellation_requests',
      )
    ).rows.filter((r) => inRange(f, r.requested_at, Number(r.shop_id)));
    const met = requests.filter(
      (r) => ['approved', 'rejected'].includes(r.status) && r.decided_at! <= r.sla_deadline,
    ).length;
    const open = requests.filter(
      (r) => r.status === 'pending' && r.sla_deadline.getTime() >= now,
    ).length;
    const reviews = (
      await raw.query<{ asked: Date; decided: Date | null; shop_id: string }>(
        `SELECT e.created_at AS asked, r.shop_id,
           (SELECT min(x.created_at) FROM refund_events x WHERE x.refund_id = e.refund_id
              AND x.status IN ('approved', 'rejected')) AS decided
         FROM refund_events e JOIN refunds r ON r.id = e.refund_id
         WHERE e.status = 'pending_review'`,
      )
    ).rows.filter((r) => inRange(f, r.asked, Number(r.shop_id)));
    const slaMs = 24 * 3_600_000;
    const res = await ops.get(`/api/v1/ops/dashboards/sla?${qs(f)}`);
    expect(requests.length).toBeGreaterThan(0);
    expect(res.body.cancellationRequests).toEqual({
      total: requests.length,
      met,
      open,
      missed: requests.length - met - open,
    });
    const reviewMet = reviews.filter(
      (r) => r.decided && r.decided.getTime() <= r.asked.getTime() + slaMs,
    ).length;
    const reviewOpen = reviews.filter((r) => !r.decided && now <= r.asked.getTime() + slaMs).length;
    expect(res.body.refundReviews).toEqual({
      total: reviews.length,
      met: reviewMet,
      open: reviewOpen,
      missed: reviews.length - reviewMet - reviewOpen,
    });
    const board = (
      await raw.query<{ created_at: Date; due: Date; answered: Date | null; shop_id: string }>(
        `SELECT m.created_at, m.reply_due_at AS due, m.answered_at AS answered, o.shop_id
         FROM support_board_messages m LEFT JOIN orders o ON o.id = m.order_id`,
      )
    ).rows.filter((r) =>
      f.shopId === undefined
        ? inRange(f, r.created_at, 0)
        : r.shop_id !== null && inRange(f, r.created_at, Number(r.shop_id)),
    );
    expect(board.length).toBeGreaterThan(0);
    const boardMet = board.filter((r) => r.answered && r.answered <= r.due).length;
    const boardOpen = board.filter((r) => !r.answered && r.due.getTime() >= now).length;
    expect(res.body.messages).toEqual({
      total: board.length,
      met: boardMet,
      open: boardOpen,
      missed: board.length - boardMet - boardOpen,
    });
  });

  it.each(FILTERS)('refunds stuck or failed: %o', async (f) => {
    const now = new Date();
    const refunds = (
      await raw.query<{
        id: string;
        channel: string;
        status: string;
        expected_latest: Date;
        created_at: Date;
        shop_id: string;
      }>('SELECT id, channel, status, expected_latest, created_at, shop_id FROM refunds')
    ).rows.filter((r) => inRange(f, r.created_at, Number(r.shop_id)));
    const stuck = refunds.filter(
      (r) => ['approved', 'processing'].includes(r.status) && r.expected_latest < now,
    );
    const failed = refunds.filter((r) => r.status === 'failed');
    const res = await ops.get(`/api/v1/ops/dashboards/refund-problems?${qs(f)}`);
    const sum = (k: 'stuck' | 'failed') =>
      res.body.byChannel.reduce((n: number, r: Record<string, number>) => n + r[k]!, 0);
    expect(sum('stuck')).toBe(stuck.length);
    expect(sum('failed')).toBe(failed.length);
    expect(stuck.length + failed.length).toBeGreaterThan(0);
    const ids = new Set([...stuck, ...failed].map((r) => Number(r.id)));
    expect(res.body.oldest.length).toBe(Math.min(20, ids.size));
    for (const r of res.body.oldest) expect(ids.has(r.refundId)).toBe(true);
  });

  it("keeps a merchant to their own shop's figures and shoppers out", async () => {
    const all = { from: daysAgo(120), to: today };
    const mine = await merchant.get(
      `/api/v1/ops/dashboards/cancellations?${qs({ ...all, shopId: 1 })}`,
    );
    const shop2 = await ops.get(
      `/api/v1/ops/dashboards/cancellations?${qs({ ...all, shopId: 2 })}`,
    );
    expect(mine.body.total).toBe(shop2.body.total);
    const shopper = await loginAs(stack, await createUser(stack.db));
    expect((await shopper.get(`/api/v1/ops/dashboards/sla?${qs(all)}`)).status).toBe(403);
    const bad = await ops.get(`/api/v1/ops/dashboards/sla?from=${today}&to=${daysAgo(3)}`);
    expect(bad.status).toBe(400);
  });
});
