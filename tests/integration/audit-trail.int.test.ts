import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import {
  ADDRESS,
  createShop,
  createUser,
  loginAs,
  payThroughSandbox,
  type TestUser,
} from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

let stack: TestStack;
let ops: TestClient;
let shopperUser: TestUser;
let shopper: TestClient;
let orderNo: string;
let orderId: number;

beforeAll(async () => {
  stack = await startTestStack();
  ops = await loginAs(stack, await createUser(stack.db, 'operator'));
  shopperUser = await createUser(stack.db);
  shopper = await loginAs(stack, shopperUser);
  const shop = await createShop(stack.db, { stock: 5, priceFen: 2_000 });
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  orderNo = placed.body.orders[0].orderNo;
  await payThroughSandbox(stack, shopper, orderNo);
  await stack.settle();
  const cancel = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'price',
  });
  expect(cancel.body.result).toBe('cancelled');
  await stack.settle();
  const [row] = await queryRows<{ id: number }>(
    stack.db,
    sql`SELECT id::int AS id FROM orders WHERE order_no = ${orderNo}`,
  );
  orderId = row!.id;
});
afterAll(async () => {
  await stack?.close();
});

function causeMessage(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } } | null;
  return e?.cause?.message ?? e?.message ?? 'no error';
}

async function snapshot() {
  return queryRows<Record<string, unknown>>(
    stack.db,
    sql`SELECT id::text, actor_id::text, actor_role, action, entity_type, entity_id,
          order_id::text, before, after, request_id, created_at::text FROM audit_log ORDER BY id`,
  );
}

describe('audit trail', () => {
  it("records every change of an order's life, with actor role and request id", async () => {
    const rows = await queryRows<{ action: string; actor_role: string; request_id: string }>(
      stack.db,
      sql`SELECT action, actor_role, request_id FROM audit_log WHERE order_id = ${orderId}
          ORDER BY id`,
    );
    const actions = rows.map((r) => r.action);
    // Placement, the webhook's payment, the cancellation, the refund and its worker transitions.
    expect(actions).toEqual(
      expect.arrayContaining([
        'order.place',
        'order.pay',
        'order.cancel.instant',
        'refund.create',
        'refund.provider_succeeded',
      ]),
    );
    for (const r of rows) {
      expect(r.actor_role).toMatch(/^(shopper|system|operator|merchant|agent)$/);
      expect(r.request_id, r.action).toBeTruthy();
    }
    // The payment arrived by webhook and the refund was paid out by a job: both are traceable.
    expect(rows.find((r) => r.action === 'order.pay')?.request_id).not.toMatch(/^job:/);
    expect(rows.find((r) => r.action === 'refund.provider_succeeded')?.request_id).toBeTruthy();
  });

  it('lets staff filter by order, actor and time, newest first, page by page', async () => {
    const byOrder = await ops.get(`/api/v1/ops/audit?orderNo=${orderNo}&limit=200`);
    expect(byOrder.status).toBe(200);
    const direct = await queryRows<{ n: number }>(
      stack.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE order_id = ${orderId}`,
    );
    expect(byOrder.body.items).toHaveLength(direct[0]!.n);
    expect(byOrder.body.items.every((r: { orderNo: string }) => r.orderNo === orderNo)).toBe(true);
    const placeRow = byOrder.body.items.find((r: { action: string }) => r.action === 'order.place');
    expect(placeRow).toMatchObject({ actorRole: 'shopper', actorName: 'shopper' });
    expect(placeRow.requestId).toBeTruthy();

    const byActor = await ops.get(`/api/v1/ops/audit?actor=${shopperUser.email}`);
    expect(byActor.body.items.length).toBeGreaterThan(0);
    expect(byActor.body.items.every((r: { actorId: number }) => r.actorId === shopperUser.id)).toBe(
      true,
    );

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await ops.get(`/api/v1/ops/audit?from=${encodeURIComponent(future)}`);
    expect(none.body.items).toEqual([]);

    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: number }[]; nextCursor: string | null } } = await ops.get(
        `/api/v1/ops/audit?orderNo=${orderNo}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      ids.push(...res.body.items.map((r) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(byOrder.body.items.map((r: { id: number }) => r.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('is not readable by shoppers', async () => {
    const res = await shopper.get(`/api/v1/ops/audit?orderNo=${orderNo}`);
    expect(res.status).toBe(403);
  });

  it('has no route that writes, changes or removes audit rows', async () => {
    // Every registered route, hidden ones included, from Fastify's own route table.
    const table = stack.app.printRoutes({ commonPrefix: false });
    const auditLines = table.split('\n').filter((l) => /audit/i.test(l));
    expect(auditLines.length).toBeGreaterThan(0);
    for (const line of auditLines) {
      const methods =
        /\(([^)]*)\)/
          .exec(line)?.[1]
          ?.split(',')
          .map((m) => m.trim()) ?? [];
      expect(
        methods.every((m) => m === 'GET' || m === 'HEAD'),
        line,
      ).toBe(true);
    }
    const doc = (await stack.client().get('/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [p, ops] of Object.entries(doc.paths)) {
      if (/audit/i.test(p)) expect(Object.keys(ops)).toEqual(['get']);
    }

    const before = await snapshot();
    const someId = String(before[0]!['id']);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of [
        '/api/v1/ops/audit',
        `/api/v1/ops/audit/${someId}`,
        `/api/v1/ops/audit?orderNo=${orderNo}`,
      ]) {
        const res = await ops.request(method, url, { action: 'forged', before: null });
        expect([404, 405], `${method} ${url}`).toContain(res.status);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('is refused by the database itself on UPDATE, DELETE and TRUNCATE', async () => {
    const before = await snapshot();
    for (const statement of [
      sql`UPDATE audit_log SET action = 'forged'`,
      sql`DELETE FROM audit_log`,
      sql`TRUNCATE audit_log`,
    ]) {
      const err: unknown = await stack.db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      );
      expect(causeMessage(err)).toMatch(/audit_log is append-only/);
    }
    expect(await snapshot()).toEqual(before);
  });
});
