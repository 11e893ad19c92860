import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import {
  assertInvariants,
  expectDomainError,
  mapLimit,
  outboxProblems,
  payAll,
  placeOrder,
  raceSeed,
  seededRandom,
  shuffle,
} from './race-support.js';

// Real concurrent connections: PostgreSQL only. For each of 120 paid orders not yet being
// prepared, the shopper's 修改地址 and the merchant's 发货 are built first and released together
// by a barrier, a wave of pairs at a time. Exactly one outcome per pair: the change applied and then the goods shipped
// to the new address, or the goods shipped to the old one and the change refused as shipped.
// Never both refused, never a shipment to a mix of the two addresses.
const PAIRS = 120;
const SHOPPERS = 12;
const WAVE = 12;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 32 });
});
afterAll(async () => {
  await stack?.close();
});

interface Pair {
  orderNo: string;
  shopper: TestClient;
  to: { name: string; phone: string; address: string };
  change?: TestResponse;
  ship?: TestResponse;
}

/** Resolves every waiter at once: the requests leave together, whatever order they were built in. */
function barrier() {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return { opened, release };
}

describe('修改地址 against 发货 on the same order', () => {
  it(`gives exactly one outcome for each of ${PAIRS} pairs, and the shipment carries one whole address`, async () => {
    const seed = raceSeed('address-change-vs-ship');
    const rand = seededRandom(seed);
    const shop = await createShop(stack.db, { stock: 1_000, priceFen: 2_500, variants: 4 });
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const shoppers = await Promise.all(
      Array.from({ length: SHOPPERS }, async () => loginAs(stack, await createUser(stack.db))),
    );
    const pairs: Pair[] = await mapLimit(
      Array.from({ length: PAIRS }, (_, i) => i),
      16,
      async (i) => {
        const shopper = shoppers[i % SHOPPERS]!;
        const [variantId] = shuffle(rand, shop.variantIds);
        const [order] = await placeOrder(shopper, [{ variantId: variantId!, quantity: 1 }]);
        const n = String(i).padStart(4, '0');
        return {
          orderNo: order!.orderNo,
          shopper,
          to: { name: `收件人${n}`, phone: `1390000${n}`, address: `杭州市西湖区文三路 ${n} 号` },
        };
      },
    );
    await payAll(
      stack,
      pairs.map((p) => ({ client: p.shopper, orderNo: p.orderNo })),
    );

    // Waves of pairs, each released by its own barrier: the pool (32 connections) is not what
    // the pairs wait for on a busy machine, so no answer is a 503 from a pool timeout.
    for (let w = 0; w < PAIRS; w += WAVE) {
      const gate = barrier();
      const calls: Promise<void>[] = [];
      for (const p of pairs.slice(w, w + WAVE)) {
        const change = async () => {
          await gate.opened;
          p.change = await p.shopper.post(`/api/v1/orders/${p.orderNo}/address-change`, {
            address: p.to,
          });
        };
        const ship = async () => {
          await gate.opened;
          p.ship = await merchant.post(`/api/v1/merchant/orders/${p.orderNo}/ship`, {
            carrier: '顺丰速运',
            trackingNo: `SF${p.orderNo.slice(-10)}`,
          });
        };
        // Which of the two is queued first is random per pair.
        calls.push(...(rand() < 0.5 ? [change(), ship()] : [ship(), change()]));
      }
      gate.release();
      await Promise.all(calls);
    }

    const rows = await queryRows<{
      order_no: string;
      status: string;
      receiver_name: string;
      receiver_phone: string;
      receiver_address: string;
      changes: number;
      applied_before_ship: number;
    }>(
      stack.db,
      sql`SELECT o.order_no, o.status, o.receiver_name, o.receiver_phone, o.receiver_address,
        (SELECT count(*) FROM address_change_requests a WHERE a.order_id = o.id)::int AS changes,
        -- Timeline ids are taken under the order's lock, so they say which went first.
        (SELECT count(*) FROM order_events c JOIN order_events s
          ON s.order_id = c.order_id AND s.kind = 'order.shipped'
          WHERE c.order_id = o.id AND c.kind = 'address.changed' AND c.id < s.id)::int AS applied_before_ship
      FROM orders o`,
    );
    const byNo = new Map(rows.map((r) => [r.order_no, r]));
    const anomalies: string[] = [];
    let changedFirst = 0;
    let shippedFirst = 0;
    for (const p of pairs) {
      const c = p.change!;
      const s = p.ship!;
      const row = byNo.get(p.orderNo)!;
      const stored = {
        name: row.receiver_name,
        phone: row.receiver_phone,
        address: row.receiver_address,
      };
      // Both must succeed or the change alone must fail; the shipment always leaves.
      if (s.status !== 200) {
        anomalies.push(`${p.orderNo}: ship ${s.status} ${JSON.stringify(s.body).slice(0, 200)}`);
        continue;
      }
      expect(row.status).toBe('shipped');
      if (c.status === 200) {
        changedFirst++;
        expect(c.body).toMatchObject({ result: 'applied', receiver: p.to });
        // The shipment's answer and the stored order carry the whole new address.
        expect(s.body.receiver).toEqual(p.to);
        expect(stored).toEqual(p.to);
        expect(row).toMatchObject({ changes: 1, applied_before_ship: 1 });
      } else {
        shippedFirst++;
        expectDomainError(c, 'ADDRESS_CHANGE_SHIPPED');
        expect(s.body.receiver).toEqual(ADDRESS);
        expect(stored).toEqual(ADDRESS);
        expect(row.changes).toBe(0);
      }
    }
    expect(anomalies, 'pairs where the shipment did not leave').toEqual([]);
    expect(changedFirst + shippedFirst).toBe(PAIRS);
    console.log(
      `[address-change-vs-ship] ${PAIRS} pairs: change first ${changedFirst}, ship first ${shippedFirst}`,
    );

    await stack.settle();
    await assertInvariants(stack.db);
    expect(await outboxProblems(stack.db, new Date())).toEqual([]);
  }, 300_000);
});
