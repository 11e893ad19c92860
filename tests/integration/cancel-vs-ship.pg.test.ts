import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { shops } from '../../src/server/platform/db/schema/index.js';
import { createShop, createUser, loginAs, stockOf } from '../support/factories.js';
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

// Real concurrent connections: PostgreSQL only. For each of 200 paid orders the shopper's
// 取消订单 and the merchant's 发货 leave at the same moment; exactly one may win.
const ORDERS = 200;
const SHOPPERS = 20;
const STOCK = 500;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 32 });
});
afterAll(async () => {
  await stack?.close();
});

interface Race {
  orderNo: string;
  shopper: TestClient;
  preparing: boolean;
  paidFen: number;
  cancel?: TestResponse;
  ship?: TestResponse;
}

describe('取消订单 against 发货 on the same paid order', () => {
  it('lets exactly one of them win for each of 200 orders, and conserves stock and money', async () => {
    const seed = raceSeed('cancel-vs-ship');
    const rand = seededRandom(seed);
    const shop = await createShop(stack.db, {
      stock: STOCK,
      priceFen: 3_333,
      variants: 8,
      shippingFeeFen: 800,
    });
    // 满减 spreads an odd discount over the lines, so refunds exercise the proration.
    await stack.db
      .update(shops)
      .set({ promoThresholdFen: 6_000, promoDiscountFen: 999 })
      .where(eq(shops.id, shop.shopId));
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const shoppers = await Promise.all(
      Array.from({ length: SHOPPERS }, async () => loginAs(stack, await createUser(stack.db))),
    );

    const t0 = Date.now();
    const races: Race[] = await mapLimit(
      Array.from({ length: ORDERS }, (_, i) => i),
      16,
      async (i) => {
        const shopper = shoppers[i % SHOPPERS]!;
        const variants = shuffle(rand, shop.variantIds).slice(0, 1 + (i % 2));
        const items = variants.map((variantId) => ({
          variantId,
          quantity: 1 + Math.floor(rand() * 3),
        }));
        const [order] = await placeOrder(shopper, items);
        return { orderNo: order!.orderNo, shopper, preparing: i % 2 === 1, paidFen: 0 };
      },
    );
    await payAll(
      stack,
      races.map((r) => ({ client: r.shopper, orderNo: r.orderNo })),
    );
    // Half are being prepared, still inside the free-cancel window: 取消订单 stays instant.
    await mapLimit(
      races.filter((r) => r.preparing),
      16,
      async (r) => {
        const res = await merchant.post(`/api/v1/merchant/orders/${r.orderNo}/prepare`);
        expect(res.status).toBe(200);
      },
    );
    const paid = await queryRows<{ order_no: string; status: string; paid_fen: number }>(
      stack.db,
      sql`SELECT order_no, status, paid_fen::int AS paid_fen FROM orders`,
    );
    const paidByNo = new Map(paid.map((p) => [p.order_no, p]));
    for (const r of races) {
      expect(paidByNo.get(r.orderNo)?.status).toBe('awaiting_shipment');
      r.paidFen = paidByNo.get(r.orderNo)!.paid_fen;
      expect(r.paidFen).toBeGreaterThan(0);
    }
    const setupMs = Date.now() - t0;

    // Build every request first; which of the two leaves first is random per order.
    const calls: (() => Promise<void>)[] = [];
    for (const r of races) {
      const cancel = async () => {
        r.cancel = await r.shopper.post(`/api/v1/orders/${r.orderNo}/cancellation`, {
          selection: 'all',
          reasonCode: pick(rand, ['changed_mind', 'price', 'personal']),
        });
      };
      const ship = async () => {
        r.ship = await merchant.post(`/api/v1/merchant/orders/${r.orderNo}/ship`, {
          carrier: '顺丰速运',
          trackingNo: `SF${r.orderNo.slice(-10)}`,
        });
      };
      calls.push(...(rand() < 0.5 ? [cancel, ship] : [ship, cancel]));
    }
    const t1 = Date.now();
    await Promise.all(calls.map((c) => c()));
    const raceMs = Date.now() - t1;

    const anomalies: string[] = [];
    let cancelWon = 0;
    let shipWon = 0;
    for (const r of races) {
      const c = r.cancel!;
      const s = r.ship!;
      if (c.status === 200 && s.status !== 200) {
        cancelWon++;
        expect(c.body).toMatchObject({
          result: 'cancelled',
          order: { status: 'cancelled' },
          refund: { amountFen: r.paidFen },
        });
        // 待审核 once the shopper has cancelled often (account standing), else approved.
        expect(['approved', 'pending_review']).toContain(c.body.refund.status);
        expectDomainError(s, 'ORDER_NOT_SHIPPABLE');
        expect(s.body.error.details).toEqual({ status: 'cancelled' });
      } else if (s.status === 200 && c.status !== 200) {
        shipWon++;
        expect(s.body).toMatchObject({ status: 'shipped', shipment: { carrier: '顺丰速运' } });
        expectDomainError(c, 'ORDER_NOT_CANCELLABLE');
        expect(c.body.error.details).toMatchObject({ blockedBy: 'shipped' });
      } else {
        anomalies.push(`${r.orderNo}: cancel ${c.status} ${JSON.stringify(c.body).slice(0, 200)}
          ship ${s.status} ${JSON.stringify(s.body).slice(0, 200)}`);
      }
    }
    expect(anomalies, 'orders where both or neither won').toEqual([]);
    expect(cancelWon + shipWon).toBe(ORDERS);

    // The database agrees with what the callers were told.
    const rows = await queryRows<{
      order_no: string;
      status: string;
      paid_fen: number;
      refunds: number;
      refund_fen: number;
      cancellations: number;
      ordered: number;
      cancelled: number;
      shipped: number;
    }>(
      stack.db,
      sql`SELECT o.order_no, o.status, o.paid_fen::int AS paid_fen,
        (SELECT count(*) FROM refunds r WHERE r.order_id = o.id)::int AS refunds,
        COALESCE((SELECT SUM(amount_fen) FROM refunds r WHERE r.order_id = o.id), 0)::int AS refund_fen,
        (SELECT count(*) FROM cancellations c WHERE c.order_id = o.id)::int AS cancellations,
        (SELECT SUM(qty_ordered) FROM order_lines l WHERE l.order_id = o.id)::int AS ordered,
        (SELECT SUM(qty_cancelled) FROM order_lines l WHERE l.order_id = o.id)::int AS cancelled,
        (SELECT SUM(qty_shipped) FROM order_lines l WHERE l.order_id = o.id)::int AS shipped
      FROM orders o`,
    );
    const byNo = new Map(rows.map((x) => [x.order_no, x]));
    let cancelledPaid = 0;
    let refunded = 0;
    for (const r of races) {
      const row = byNo.get(r.orderNo)!;
      if (r.cancel!.status === 200) {
        expect(row).toMatchObject({
          status: 'cancelled',
          refunds: 1,
          cancellations: 1,
          refund_fen: row.paid_fen,
          cancelled: row.ordered,
          shipped: 0,
        });
        cancelledPaid += row.paid_fen;
        refunded += row.refund_fen;
      } else {
        expect(row).toMatchObject({
          status: 'shipped',
          refunds: 0,
          cancellations: 0,
          cancelled: 0,
          shipped: row.ordered,
        });
      }
    }
    expect(refunded).toBe(cancelledPaid);

    // Stock: nothing created or lost, and nothing left reserved once every order is decided.
    let shippedUnits = 0;
    for (const variantId of shop.variantIds) {
      const s = await stockOf(stack.db, variantId);
      expect(s.available + s.reserved + s.shipped).toBe(STOCK);
      expect(s.reserved).toBe(0);
      expect(s.ledger).toEqual({ received: STOCK, reserved: s.reserved, shipped: s.shipped });
      shippedUnits += s.shipped;
    }
    expect(shippedUnits).toBe(
      rows.filter((x) => x.status === 'shipped').reduce((n, x) => n + x.shipped, 0),
    );
    const report = await assertInvariants(stack.db);
    await stack.settle();
    expect(await outboxProblems(stack.db, stack.clock.now())).toEqual([]);

    console.log(
      `[cancel-vs-ship] ${ORDERS} races: cancel won ${cancelWon}, ship won ${shipWon}; ` +
        `setup ${setupMs} ms, race ${raceMs} ms; refunded ${refunded} fen; ${JSON.stringify(report)}`,
    );
  }, 300_000); // bounded work; the margin is for a busy machine
});
