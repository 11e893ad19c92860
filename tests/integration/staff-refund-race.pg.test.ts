import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { variants } from '../../src/server/platform/db/schema/index.js';
import { createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import {
  expectDomainError,
  mapLimit,
  payAll,
  placeOrder,
  raceSeed,
  seededRandom,
  shuffle,
} from './race-support.js';

// Real concurrent connections: PostgreSQL only. Each pair of requests is built first and
// released together by its own barrier (eight pairs at a time, so the pool is never the
// bottleneck); the order's lock decides which runs first, and the answers and the rows must
// match one of the two serial orders exactly.
const PAIRS = 120;
const SHOPPERS = 12;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 32 });
});
afterAll(async () => {
  await stack?.close();
});

/** Runs both calls of a pair at once: neither starts before both are built. */
async function releaseTogether(calls: (() => Promise<void>)[]): Promise<void> {
  let open!: () => void;
  const barrier = new Promise<void>((resolve) => (open = resolve));
  const running = calls.map(async (call) => {
    await barrier;
    await call();
  });
  open();
  await Promise.all(running);
}

interface Paid {
  orderNo: string;
  shopper: TestClient;
  paidFen: number;
}

async function paidOrders(
  label: string,
  priceFen: number,
): Promise<{ orders: Paid[]; variantIds: number[] }> {
  const rand = seededRandom(raceSeed(label));
  const shop = await createShop(stack.db, {
    stock: 2_000,
    priceFen,
    variants: 6,
    shippingFeeFen: 800,
  });
  const shoppers = await Promise.all(
    Array.from({ length: SHOPPERS }, async () => loginAs(stack, await createUser(stack.db))),
  );
  const orders = await mapLimit(
    Array.from({ length: PAIRS }, (_, i) => i),
    16,
    async (i) => {
      const shopper = shoppers[i % SHOPPERS]!;
      const items = shuffle(rand, shop.variantIds)
        .slice(0, 1 + (i % 2))
        .map((variantId) => ({ variantId, quantity: 1 + Math.floor(rand() * 3) }));
      const [order] = await placeOrder(shopper, items);
      return { orderNo: order!.orderNo, shopper, paidFen: order!.payableFen };
    },
  );
  await payAll(
    stack,
    orders.map((o) => ({ client: o.shopper, orderNo: o.orderNo })),
  );
  return { orders, variantIds: shop.variantIds };
}

async function refundRows(orderNos: string[]) {
  return queryRows<{ order_no: string; paid_fen: number; source: string; amount_fen: number }>(
    stack.db,
    sql`SELECT o.order_no, o.paid_fen::int AS paid_fen, r.source, r.amount_fen::int AS amount_fen
      FROM refunds r JOIN orders o ON o.id = r.order_id
      WHERE o.order_no = ANY(${sql.param(orderNos)}::text[]) ORDER BY r.id`,
  );
}

describe('two 申请价保 released together on the same order', () => {
  it(`refunds the difference exactly once for each of ${PAIRS} orders`, async () => {
    const { orders, variantIds } = await paidOrders('staff-refund-race:price', 5_000);
    await stack.db
      .update(variants)
      .set({ priceFen: 3_900 })
      .where(inArray(variants.id, variantIds));
    const answers = new Map<string, TestResponse[]>();
    await mapLimit(orders, 8, async (o) => {
      const ask = async () => {
        const res = await o.shopper.post(`/api/v1/orders/${o.orderNo}/price-protection`, {});
        answers.set(o.orderNo, [...(answers.get(o.orderNo) ?? []), res]);
      };
      await releaseTogether([ask, ask]);
    });

    const rows = await refundRows(orders.map((o) => o.orderNo));
    for (const o of orders) {
      const [a, b] = answers.get(o.orderNo)!;
      const won = [a!, b!].filter((r) => r.status === 200);
      const lost = [a!, b!].filter((r) => r.status !== 200);
      expect(won, o.orderNo).toHaveLength(1);
      expectDomainError(lost[0]!, 'PRICE_PROTECTION_NOTHING_DUE');
      const mine = rows.filter((r) => r.order_no === o.orderNo);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        source: 'price_protection',
        amount_fen: won[0]!.body.amountFen,
      });
      // 50.00 → 39.00: 11.00 back per unit, never beyond the goods paid.
      expect(mine[0]!.amount_fen).toBeLessThanOrEqual(o.paidFen - 800);
    }
  }, 300_000);
});

describe('线下退款 released together with the shopper’s 取消订单', () => {
  it(`never refunds more than was paid, for each of ${PAIRS} orders`, async () => {
    const { orders } = await paidOrders('staff-refund-race:offline', 4_000);
    const operator = await loginAs(stack, await createUser(stack.db, 'operator'));
    const offline = new Map<string, TestResponse>();
    const cancel = new Map<string, TestResponse>();
    await mapLimit(orders, 8, (o) =>
      releaseTogether([
        async () => {
          offline.set(
            o.orderNo,
            await operator.post(`/api/v1/ops/orders/${o.orderNo}/offline-refunds`, {
              amountFen: 1_500,
              method: 'cash',
              reference: `R-${o.orderNo.slice(-6)}`,
            }),
          );
        },
        async () => {
          cancel.set(
            o.orderNo,
            await o.shopper.post(`/api/v1/orders/${o.orderNo}/cancellation`, {
              selection: 'all',
              reasonCode: 'changed_mind',
            }),
          );
        },
      ]),
    );

    const rows = await refundRows(orders.map((o) => o.orderNo));
    let offlineFirst = 0;
    let cancelFirst = 0;
    for (const o of orders) {
      const off = offline.get(o.orderNo)!;
      const c = cancel.get(o.orderNo)!;
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      const mine = rows.filter((r) => r.order_no === o.orderNo);
      if (off.status === 200) {
        // The offline refund came first: the cancellation paid only the rest.
        offlineFirst++;
        expect(c.body.refund.amountFen).toBe(o.paidFen - 1_500);
        expect(mine.map((r) => r.source).sort()).toEqual(['offline', 'order']);
      } else {
        cancelFirst++;
        expectDomainError(off, 'REFUND_NOTHING_LEFT');
        expect(c.body.refund.amountFen).toBe(o.paidFen);
        expect(mine.map((r) => r.source)).toEqual(['order']);
      }
      expect(mine.reduce((n, r) => n + r.amount_fen, 0)).toBe(o.paidFen);
    }
    expect(offlineFirst + cancelFirst).toBe(PAIRS);
    console.log(`[staff-refund-race] offline first ${offlineFirst}, cancel first ${cancelFirst}`);
  }, 300_000);
});
