// Shared helpers of the PostgreSQL race tests (*.pg.test.ts): a seeded PRNG, bounded
// concurrency, error-body checks, fast order placement and payment, and the invariant sweep
// that every storm ends with. Not a test file itself.
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { ERRORS, type DomainErrorCode } from '../../src/domain/errors.js';
import type { Db } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { ADDRESS, payThroughSandbox } from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import type { TestStack } from '../support/test-stack.js';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed from RACE_SEED, else a fresh one; logged so a failure can be replayed. */
export function raceSeed(file: string): number {
  const fromEnv = process.env['RACE_SEED'];
  const seed = fromEnv ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
  console.log(`[${file}] seed=${seed} (replay with RACE_SEED=${seed})`);
  return seed;
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function shuffle<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Runs fn over items with at most `limit` in flight; results in item order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** A domain error answer: the status and code expected, and the catalogue's message. */
export function expectDomainError(res: TestResponse, code: DomainErrorCode): void {
  const spec = ERRORS[code];
  expect({ status: res.status, code: res.body?.error?.code }, JSON.stringify(res.body)).toEqual({
    status: spec.status,
    code,
  });
  expect(res.body.error.message).toBe(spec.zh);
  expect(typeof res.body.error.requestId).toBe('string');
}

export interface PlacedOrder {
  orderNo: string;
  payableFen: number;
  lines: { id: number; variantId: number; qtyOrdered: number }[];
}

export async function placeOrder(
  shopper: TestClient,
  items: { variantId: number; quantity: number }[],
): Promise<PlacedOrder[]> {
  const res = await shopper.post('/api/v1/orders', { items, fromCart: false, address: ADDRESS });
  if (res.status !== 201)
    throw new Error(`place failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.orders as any[]).map((o) => ({
    orderNo: o.orderNo,
    payableFen: o.payableFen,
    lines: o.lines.map((l: any) => ({
      id: l.id,
      variantId: l.variantId,
      qtyOrdered: l.qtyOrdered,
    })),
  }));
}

/** Pays through the sandbox's real pay page in parallel batches, then lets the webhooks land. */
export async function payAll(
  stack: TestStack,
  orders: readonly { client: TestClient; orderNo: string }[],
  concurrency = 16,
): Promise<void> {
  await mapLimit(orders, concurrency, (o) => payThroughSandbox(stack, o.client, o.orderNo));
  await stack.settle();
}

export interface InvariantReport {
  variants: number;
  lines: number;
  orders: number;
  cancelledOrders: number;
  shippedOrders: number;
  refunds: number;
  refundedFen: number;
  /** Orders paid after they were cancelled. */
  latePayments: number;
}

/**
 * The sweep after every storm, over the whole (per-file) database:
 *  - each variant: available + reserved + shipped = received; counters = stock ledger;
 *    reserved = open units of its lines (ordered − cancelled − shipped); shipped = lines' shipped;
 *  - each line: cancelled + shipped ≤ ordered; its ledger (reserve / release / ship) equals its
 *    buckets to the unit; Σ cancellation lines = qty_cancelled and refunded_fen; refunded ≤ paid;
 *  - each order: status agrees with its buckets; Σ refunds = Σ cancellations' refunds ≤ paid;
 *    a whole, fee-free cancellation of a paid order refunds exactly what was paid; a payment
 *    that landed on an order already cancelled (late) is refunded in full, exactly once;
 *  - each refund belongs to exactly one cancellation with the same amount.
 */
export async function assertInvariants(db: Db): Promise<InvariantReport> {
  const variantRows = await queryRows<{
    id: number;
    available: number;
    reserved: number;
    shipped: number;
    received: number;
    l_reserved: number;
    l_shipped: number;
    open_units: number;
    line_shipped: number;
  }>(
    db,
    sql`SELECT v.id::int AS id, v.stock_available AS available, v.stock_reserved AS reserved,
      v.stock_shipped AS shipped,
      COALESCE(m.received, 0)::int AS received, COALESCE(m.reserved, 0)::int AS l_reserved,
      COALESCE(m.shipped, 0)::int AS l_shipped,
      COALESCE(l.open_units, 0)::int AS open_units, COALESCE(l.shipped, 0)::int AS line_shipped
    FROM variants v
    LEFT JOIN (
      SELECT variant_id,
        SUM(CASE WHEN kind = 'receive' THEN quantity END) AS received,
        SUM(CASE WHEN kind = 'reserve' THEN quantity WHEN kind IN ('release', 'ship') THEN -quantity END) AS reserved,
        SUM(CASE WHEN kind = 'ship' THEN quantity END) AS shipped
      FROM stock_movements GROUP BY variant_id) m ON m.variant_id = v.id
    LEFT JOIN (
      SELECT ol.variant_id,
        SUM(ol.qty_ordered - ol.qty_cancelled - ol.qty_shipped) FILTER (WHERE o.status <> 'cancelled') AS open_units,
        SUM(ol.qty_shipped) AS shipped
      FROM order_lines ol JOIN orders o ON o.id = ol.order_id GROUP BY ol.variant_id) l
      ON l.variant_id = v.id
    ORDER BY v.id`,
  );
  const badVariants = variantRows.filter(
    (v) =>
      v.available + v.reserved + v.shipped !== v.received ||
      v.reserved !== v.l_reserved ||
      v.shipped !== v.l_shipped ||
      v.reserved !== v.open_units ||
      v.shipped !== v.line_shipped,
  );
  expect(badVariants, 'variants whose counters, ledger and lines disagree').toEqual([]);

  const lineRows = await queryRows<{
    id: number;
    order_id: number;
    status: string;
    ordered: number;
    cancelled: number;
    shipped: number;
    paid_share: number;
    refunded: number;
    l_reserve: number;
    l_release: number;
    l_ship: number;
    c_qty: number;
    c_refund: number;
  }>(
    db,
    sql`SELECT ol.id::int AS id, ol.order_id::int AS order_id, o.status,
      ol.qty_ordered AS ordered, ol.qty_cancelled AS cancelled, ol.qty_shipped AS shipped,
      (ol.unit_price_fen * ol.qty_ordered - ol.discount_fen)::int AS paid_share,
      ol.refunded_fen::int AS refunded,
      COALESCE((SELECT SUM(quantity) FROM stock_movements s WHERE s.order_line_id = ol.id AND kind = 'reserve'), 0)::int AS l_reserve,
      COALESCE((SELECT SUM(quantity) FROM stock_movements s WHERE s.order_line_id = ol.id AND kind = 'release'), 0)::int AS l_release,
      COALESCE((SELECT SUM(quantity) FROM stock_movements s WHERE s.order_line_id = ol.id AND kind = 'ship'), 0)::int AS l_ship,
      COALESCE((SELECT SUM(quantity) FROM cancellation_lines c WHERE c.order_line_id = ol.id), 0)::int AS c_qty,
      COALESCE((SELECT SUM(refund_fen) FROM cancellation_lines c WHERE c.order_line_id = ol.id), 0)::int AS c_refund
    FROM order_lines ol JOIN orders o ON o.id = ol.order_id
    ORDER BY ol.id`,
  );
  const badLines = lineRows.filter(
    (l) =>
      l.cancelled + l.shipped > l.ordered ||
      l.cancelled < 0 ||
      l.shipped < 0 ||
      l.l_reserve !== l.ordered ||
      l.l_release !== l.cancelled ||
      l.l_ship !== l.shipped ||
      l.c_qty !== l.cancelled ||
      l.c_refund !== l.refunded ||
      l.refunded > l.paid_share ||
      // A cancelled order has no open units left.
      (l.status === 'cancelled' && l.ordered - l.cancelled - l.shipped !== 0),
  );
  expect(badLines, 'order lines whose buckets, ledger or refunds disagree').toEqual([]);

  const orderRows = await queryRows<{
    id: number;
    order_no: string;
    status: string;
    paid_fen: number;
    shipping_fen: number;
    shipping_refunded: boolean;
    ordered: number;
    cancelled: number;
    shipped: number;
    refunds: number;
    refund_fen: number;
    late_refund_fen: number;
    taken_fen: number;
    c_refund_fen: number;
    c_fee_fen: number;
    c_shipping_fen: number;
  }>(
    db,
    sql`SELECT o.id::int AS id, o.order_no, o.status, o.paid_fen::int AS paid_fen,
      o.shipping_fen::int AS shipping_fen, o.shipping_refunded,
      (SELECT SUM(qty_ordered) FROM order_lines WHERE order_id = o.id)::int AS ordered,
      (SELECT SUM(qty_cancelled) FROM order_lines WHERE order_id = o.id)::int AS cancelled,
      (SELECT SUM(qty_shipped) FROM order_lines WHERE order_id = o.id)::int AS shipped,
      (SELECT count(*) FROM refunds WHERE order_id = o.id)::int AS refunds,
      COALESCE((SELECT SUM(amount_fen) FROM refunds WHERE order_id = o.id AND cancellation_id IS NOT NULL), 0)::int AS refund_fen,
      COALESCE((SELECT SUM(amount_fen) FROM refunds WHERE order_id = o.id AND cancellation_id IS NULL), 0)::int AS late_refund_fen,
      COALESCE((SELECT SUM(amount_fen) FROM payments WHERE order_id = o.id AND status = 'succeeded'), 0)::int AS taken_fen,
      COALESCE((SELECT SUM(refund_fen) FROM cancellations WHERE order_id = o.id), 0)::int AS c_refund_fen,
      COALESCE((SELECT SUM(fee_fen) FROM cancellations WHERE order_id = o.id), 0)::int AS c_fee_fen,
      COALESCE((SELECT SUM(shipping_refund_fen) FROM cancellations WHERE order_id = o.id), 0)::int AS c_shipping_fen
    FROM orders o ORDER BY o.id`,
  );
  const badOrders = orderRows.filter((o) => {
    const allCancelled = o.cancelled === o.ordered;
    const statusOk =
      (o.status === 'cancelled') === allCancelled &&
      (o.status !== 'shipped' || (o.shipped > 0 && o.ordered - o.cancelled - o.shipped === 0)) &&
      ((o.status !== 'pending_payment' && o.status !== 'cancelled') || o.shipped === 0);
    const moneyOk =
      o.refund_fen === o.c_refund_fen &&
      // Money taken for an order already cancelled (a late payment) goes straight back.
      o.late_refund_fen === o.taken_fen - o.paid_fen &&
      o.refund_fen <= o.paid_fen &&
      o.c_shipping_fen === (o.shipping_refunded ? o.shipping_fen : 0) &&
      // Cancelled as a whole with no fee kept: every fen paid comes back.
      (o.status !== 'cancelled' || o.c_fee_fen !== 0 || o.refund_fen === o.paid_fen);
    return !statusOk || !moneyOk;
  });
  expect(badOrders, 'orders whose status or money disagree with their lines').toEqual([]);

  const badRefunds = await queryRows<{ id: number }>(
    db,
    sql`SELECT r.id::int AS id FROM refunds r JOIN cancellations c ON c.id = r.cancellation_id
      WHERE c.order_id <> r.order_id OR c.refund_fen <> r.amount_fen
      UNION ALL
      SELECT c.id::int FROM cancellations c JOIN orders o ON o.id = c.order_id
      WHERE c.refund_fen > 0 AND (SELECT count(*) FROM refunds r WHERE r.cancellation_id = c.id) <> 1`,
  );
  expect(badRefunds, 'refunds without exactly one matching cancellation').toEqual([]);

  return {
    variants: variantRows.length,
    lines: lineRows.length,
    orders: orderRows.length,
    cancelledOrders: orderRows.filter((o) => o.status === 'cancelled').length,
    shippedOrders: orderRows.filter((o) => o.status === 'shipped').length,
    refunds: orderRows.reduce((n, o) => n + o.refunds, 0),
    refundedFen: orderRows.reduce((n, o) => n + o.refund_fen + o.late_refund_fen, 0),
    latePayments: orderRows.filter((o) => o.taken_fen > o.paid_fen).length,
  };
}

/** Outbox rows that failed or are stuck: none should be left after settle(). */
export async function outboxProblems(db: Db, now: Date) {
  return queryRows<{ consumer: string; status: string; attempts: number; last_error: string }>(
    db,
    sql`SELECT consumer, status, attempts, last_error FROM outbox
      WHERE status = 'dead' OR last_error IS NOT NULL
        OR (status = 'pending' AND run_at <= ${now.toISOString()}::timestamptz)`,
  );
}
