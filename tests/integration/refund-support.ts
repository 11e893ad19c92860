// Shared helpers of the refund fault, kill and property tests: the sandbox's admin API, a
// recording proxy between the app and the sandbox (which idempotency key got which answer),
// bulk paid-and-cancelled orders, and the money audit every refund test ends with.
// Not a test file itself.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import type { TestStack } from '../support/test-stack.js';
import { mapLimit, payAll, placeOrder } from './race-support.js';

// ---------------------------------------------------------------------------------------------
// The sandbox's admin API

/** What the audit needs of a stack: our database and the sandbox's admin API. */
export interface SandboxAccess {
  db: Db;
  sandboxUrl: string;
  config: { sandboxPay: { apiKey: string } };
}

async function admin(
  stack: SandboxAccess,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(`${stack.sandboxUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${stack.config.sandboxPay.apiKey}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
  });
}

/** POST /admin/faults (partial patch) or, with null, DELETE /admin/faults. */
export async function setFaults(
  stack: SandboxAccess,
  faults: Record<string, unknown> | null,
): Promise<void> {
  const res = faults
    ? await admin(stack, '/admin/faults', { method: 'POST', body: JSON.stringify(faults) })
    : await admin(stack, '/admin/faults', { method: 'DELETE' });
  if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
}

export interface ProviderRefundRow {
  id: string;
  payment_id: string;
  amount_fen: number;
  status: 'pending' | 'processing' | 'succeeded' | 'failed';
  /** Ledger debits: exactly 1 per accepted refund. */
  movements: number;
  reversals: number;
}

export async function providerRefunds(stack: SandboxAccess): Promise<ProviderRefundRow[]> {
  const res = await admin(stack, '/admin/refunds');
  if (!res.ok) throw new Error(`admin refunds: ${res.status}`);
  return ((await res.json()) as { data: ProviderRefundRow[] }).data;
}

// ---------------------------------------------------------------------------------------------
// A recording proxy: the app (or a worker process) talks to the sandbox through it

export interface ProviderCall {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** The sandbox's status, or 'aborted' when the caller gave up (timeout, killed process). */
  status: number | 'aborted';
  /** The sandbox answered `Idempotent-Replayed: true` (a retry under a key it had accepted). */
  replayed: boolean;
}

export interface RecordingProxy {
  url: string;
  setTarget(url: string): void;
  calls: ProviderCall[];
  /** POST /v1/refunds calls grouped by idempotency key, in arrival order. */
  refundCreatesByKey(): Map<string, ProviderCall[]>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
]);

/**
 * Forwards every request to the target and records each `POST /v1/refunds` answer. When the
 * caller goes away mid-request (its timeout, a SIGKILL) the upstream request is aborted too,
 * and a connection the sandbox destroys is destroyed towards the caller: the proxy adds no
 * behaviour of its own.
 */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  let target = '';
  const calls: ProviderCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const abort = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const keyHeader = req.headers['idempotency-key'];
      const record = method === 'POST' && path.startsWith('/v1/refunds');
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(k) && typeof v === 'string') headers[k] = v;
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      void (async () => {
        try {
          const up = await fetch(`${target}${path}`, {
            method,
            headers,
            ...(body && method !== 'GET' ? { body } : {}),
            redirect: 'manual',
            signal: abort.signal,
          });
          const payload = Buffer.from(await up.arrayBuffer());
          if (record) {
            calls.push({
              method,
              path,
              idempotencyKey: typeof keyHeader === 'string' ? keyHeader : null,
              status: up.status,
              replayed: up.headers.get('idempotent-replayed') === 'true',
            });
          }
          const out: Record<string, string> = {};
          up.headers.forEach((v, k) => {
            if (!HOP_BY_HOP.has(k)) out[k] = v;
          });
          res.writeHead(up.status, out);
          res.end(payload);
        } catch {
          if (record) {
            calls.push({
              method,
              path,
              idempotencyKey: typeof keyHeader === 'string' ? keyHeader : null,
              status: 'aborted',
              replayed: false,
            });
          }
          res.destroy();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget(url) {
      target = url.replace(/\/+$/, '');
    },
    calls,
    refundCreatesByKey() {
      const byKey = new Map<string, ProviderCall[]>();
      for (const c of calls) {
        if (!c.idempotencyKey) continue;
        byKey.set(c.idempotencyKey, [...(byKey.get(c.idempotencyKey) ?? []), c]);
      }
      return byKey;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Many paid orders, cancelled into approved refunds

export interface PaidOrder {
  shopper: TestClient;
  orderNo: string;
  orderId: number;
  paidFen: number;
  group: string;
}

/**
 * One single-item order per entry, paid through the sandbox's real pay page. Four orders per
 * shopper, so that cancelling all of them never reaches the standing threshold that sends
 * refunds to review.
 */
export async function paidOrders(
  stack: TestStack,
  groups: { group: string; priceFen: number; count: number }[],
  concurrency = 16,
): Promise<PaidOrder[]> {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const shoppers = await mapLimit(
    Array.from({ length: Math.ceil(total / 4) }, (_, i) => i),
    8,
    async () => loginAs(stack, await createUser(stack.db)),
  );
  const wanted: { group: string; variantId: number; shopper: TestClient }[] = [];
  for (const g of groups) {
    const shop = await createShop(stack.db, { stock: g.count + 5, priceFen: g.priceFen });
    for (let i = 0; i < g.count; i++) {
      wanted.push({
        group: g.group,
        variantId: shop.variantIds[0]!,
        shopper: shoppers[wanted.length % shoppers.length]!,
      });
    }
  }
  const placed = await mapLimit(wanted, concurrency, async (w) => {
    const [order] = await placeOrder(w.shopper, [{ variantId: w.variantId, quantity: 1 }]);
    return { ...w, orderNo: order!.orderNo };
  });
  await payAll(
    stack,
    placed.map((p) => ({ client: p.shopper, orderNo: p.orderNo })),
    concurrency,
  );
  const rows = await queryRows<{ order_no: string; id: number; paid_fen: number; status: string }>(
    stack.db,
    sql`SELECT order_no, id::int AS id, paid_fen::int AS paid_fen, status FROM orders`,
  );
  const byNo = new Map(rows.map((r) => [r.order_no, r]));
  return placed.map((p) => {
    const row = byNo.get(p.orderNo);
    if (row?.status !== 'awaiting_shipment')
      throw new Error(`order ${p.orderNo} not paid: ${row?.status}`);
    return {
      shopper: p.shopper,
      orderNo: p.orderNo,
      orderId: row.id,
      paidFen: row.paid_fen,
      group: p.group,
    };
  });
}

/** 取消订单 for each order (whole, within the free window): one approved refund each. */
export async function cancelOrders(
  orders: readonly PaidOrder[],
  concurrency = 8,
): Promise<number[]> {
  return mapLimit(orders, concurrency, async (o) => {
    const res = await o.shopper.post(`/api/v1/orders/${o.orderNo}/cancellation`, {
      selection: 'all',
      reasonCode: 'price',
    });
    if (res.status !== 200 || res.body.result !== 'cancelled')
      throw new Error(`cancel ${o.orderNo}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.refund.status !== 'approved')
      throw new Error(`refund of ${o.orderNo} is ${res.body.refund.status}, not approved`);
    return res.body.refund.id as number;
  });
}

// ---------------------------------------------------------------------------------------------
// The audit: every refund final, money moved exactly once, nothing refunded beyond the payment

export interface RefundRow {
  id: number;
  order_id: number;
  amount_fen: number;
  status: string;
  provider_refund_id: string | null;
  provider_key: string | null;
  arrived_at: string | null;
  payment_id: string | null;
  timeline: string[];
}

export async function ourRefunds(db: Db): Promise<RefundRow[]> {
  const rows = await queryRows<Omit<RefundRow, 'timeline'> & { timeline: string }>(
    db,
    sql`SELECT r.id::int AS id, r.order_id::int AS order_id, r.amount_fen::int AS amount_fen,
      r.status, r.provider_refund_id, r.provider_key, r.arrived_at::text AS arrived_at,
      (SELECT p.provider_payment_id FROM payments p
        WHERE p.order_id = r.order_id AND p.status = 'succeeded' ORDER BY p.id LIMIT 1) AS payment_id,
      COALESCE((SELECT string_agg(e.status, ',' ORDER BY e.id) FROM refund_events e
        WHERE e.refund_id = r.id), '') AS timeline
    FROM refunds r ORDER BY r.id`,
  );
  return rows.map((r) => ({ ...r, timeline: r.timeline === '' ? [] : r.timeline.split(',') }));
}

export async function statusCounts(db: Db): Promise<Record<string, number>> {
  const rows = await queryRows<{ status: string; n: number }>(
    db,
    sql`SELECT status, count(*)::int AS n FROM refunds GROUP BY status ORDER BY status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

const CANONICAL = ['approved', 'processing', 'succeeded'];

/** A timeline with one entry per state, in the lifecycle's order, ending 已到账. */
export function timelineOk(timeline: readonly string[]): boolean {
  if (timeline[0] !== 'approved' || timeline.at(-1) !== 'succeeded') return false;
  if (new Set(timeline).size !== timeline.length) return false;
  let at = -1;
  for (const s of timeline) {
    const i = CANONICAL.indexOf(s);
    if (i <= at) return false;
    at = i;
  }
  return true;
}

export interface MoneyAudit {
  refunds: number;
  providerRefunds: number;
  /** Refunds whose timeline skipped 退款中 (the provider's final word came first). */
  withoutProcessing: number;
  problems: string[];
}

/**
 * Every refund of ours 已到账 with its arrival time and a clean timeline, backed by exactly one
 * provider refund (same payment, same amount, one ledger debit, no reversal); no provider refund
 * that is not ours; per order and per payment, refunds never exceed what was paid.
 */
export async function auditRefunds(stack: SandboxAccess): Promise<MoneyAudit> {
  const ours = await ourRefunds(stack.db);
  const theirs = await providerRefunds(stack);
  const theirsById = new Map(theirs.map((r) => [r.id, r]));
  const problems: string[] = [];
  const claimed = new Map<string, number>();
  for (const r of ours) {
    const tag = `refund ${r.id}`;
    if (r.status !== 'succeeded') problems.push(`${tag}: status ${r.status}`);
    if (r.arrived_at === null) problems.push(`${tag}: no arrivedAt`);
    if (!timelineOk(r.timeline)) problems.push(`${tag}: timeline ${r.timeline.join('→')}`);
    if (!r.provider_refund_id) {
      problems.push(`${tag}: no provider refund`);
      continue;
    }
    const other = claimed.get(r.provider_refund_id);
    if (other !== undefined) problems.push(`${tag}: shares ${r.provider_refund_id} with ${other}`);
    claimed.set(r.provider_refund_id, r.id);
    const p = theirsById.get(r.provider_refund_id);
    if (!p) {
      problems.push(`${tag}: provider has no ${r.provider_refund_id}`);
      continue;
    }
    if (p.amount_fen !== r.amount_fen) problems.push(`${tag}: provider amount ${p.amount_fen}`);
    if (p.payment_id !== r.payment_id) problems.push(`${tag}: provider payment ${p.payment_id}`);
    if (p.status !== 'succeeded') problems.push(`${tag}: provider status ${p.status}`);
    if (p.movements !== 1 || p.reversals !== 0)
      problems.push(`${tag}: ${p.movements} movements, ${p.reversals} reversals`);
  }
  for (const p of theirs) {
    if (!claimed.has(p.id)) problems.push(`provider refund ${p.id} (${p.amount_fen}) is not ours`);
  }

  // Against the money taken: a payment that landed after the order was cancelled (a late
  // payment) leaves paid_fen at 0 and is refunded in full.
  const overpaid = await queryRows<{ id: number; paid: number; refunded: number }>(
    stack.db,
    sql`SELECT o.id::int AS id, t.taken::int AS paid,
      COALESCE(SUM(r.amount_fen), 0)::int AS refunded
    FROM orders o
    CROSS JOIN LATERAL (SELECT COALESCE(SUM(p.amount_fen), 0) AS taken FROM payments p
      WHERE p.order_id = o.id AND p.status = 'succeeded') t
    LEFT JOIN refunds r ON r.order_id = o.id
    GROUP BY o.id, t.taken HAVING COALESCE(SUM(r.amount_fen), 0) > t.taken`,
  );
  for (const o of overpaid) problems.push(`order ${o.id}: refunds ${o.refunded} > paid ${o.paid}`);
  const payments = await queryRows<{ provider_payment_id: string; amount_fen: number }>(
    stack.db,
    sql`SELECT provider_payment_id, amount_fen::int AS amount_fen FROM payments
      WHERE status = 'succeeded'`,
  );
  const refundedByPayment = new Map<string, number>();
  for (const p of theirs) {
    if (p.status !== 'failed')
      refundedByPayment.set(
        p.payment_id,
        (refundedByPayment.get(p.payment_id) ?? 0) + p.amount_fen,
      );
  }
  for (const pay of payments) {
    const refunded = refundedByPayment.get(pay.provider_payment_id) ?? 0;
    if (refunded > pay.amount_fen)
      problems.push(`payment ${pay.provider_payment_id}: refunded ${refunded} > ${pay.amount_fen}`);
  }
  return {
    refunds: ours.length,
    providerRefunds: theirs.length,
    withoutProcessing: ours.filter((r) => !r.timeline.includes('processing')).length,
    problems,
  };
}
