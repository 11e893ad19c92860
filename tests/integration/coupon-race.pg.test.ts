import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couponUses, shopperCoupons } from '../../src/server/platform/db/schema/index.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { ADDRESS, createShop, createUser, loginAs, type TestUser } from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { assertInvariants, expectDomainError, raceSeed, seededRandom } from './race-support.js';

// Real concurrent connections: PostgreSQL only. Two checkouts spending the same coupon are built
// first and released together by a barrier, a wave of pairs at a time. The coupon's row is
// locked FOR UPDATE before anything else a checkout locks, so exactly one of each pair pays with
// it and the other is refused: a coupon never pays for two checkouts.
const SHOPPERS = 12;
const COUPONS = 10; // issued to every shopper: 120 pairs
const WAVE = 12;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 32 });
});
afterAll(async () => {
  await stack?.close();
});

/** Resolves every waiter at once: the requests leave together, whatever order they were built in. */
function barrier() {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return { opened, release };
}

const day = 86_400_000;

async function issueToAll(
  operator: TestClient,
  body: object,
  users: readonly TestUser[],
): Promise<number> {
  const created = await operator.post('/api/v1/ops/coupons', {
    validFrom: new Date(Date.now() - day).toISOString(),
    validUntil: new Date(Date.now() + 30 * day).toISOString(),
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const issued = await operator.post(`/api/v1/ops/coupons/${created.body.id}/issue`, {
    shopperIds: users.map((u) => u.id),
  });
  expect(issued.body.issued).toBe(users.length);
  return created.body.id as number;
}

describe('one coupon, two checkouts at once', () => {
  it(`spends each coupon exactly once over ${SHOPPERS * COUPONS} barrier-released pairs`, async () => {
    const rand = seededRandom(raceSeed('coupon-race'));
    const shop = await createShop(stack.db, { stock: 1_000, priceFen: 2_500, variants: 3 });
    const operator = await loginAs(stack, await createUser(stack.db, 'operator'));
    const users = await Promise.all(Array.from({ length: SHOPPERS }, () => createUser(stack.db)));
    const shoppers = await Promise.all(users.map((u) => loginAs(stack, u)));
    for (const s of shoppers) expect(s.cookie('btp_csrf')).toBeTruthy();
    for (let c = 0; c < COUPONS; c++)
      await issueToAll(
        operator,
        { title: `并发券${c}`, titleEn: `Race ${c}`, kind: 'amount_off', amountOffFen: 100 + c },
        users,
      );
    const held = await stack.db
      .select()
      .from(shopperCoupons)
      .where(
        inArray(
          shopperCoupons.shopperId,
          users.map((u) => u.id),
        ),
      );
    expect(held).toHaveLength(SHOPPERS * COUPONS);

    const pairs = held.map((h) => ({
      shopper: shoppers[users.findIndex((u) => u.id === h.shopperId)]!,
      couponId: h.id,
      results: [] as TestResponse[],
    }));
    for (let w = 0; w < pairs.length; w += WAVE) {
      const gate = barrier();
      const calls: Promise<void>[] = [];
      for (const p of pairs.slice(w, w + WAVE)) {
        for (let k = 0; k < 2; k++) {
          const variantId = shop.variantIds[Math.floor(rand() * shop.variantIds.length)]!;
          calls.push(
            (async () => {
              await gate.opened;
              p.results.push(
                await p.shopper.post(
                  '/api/v1/orders',
                  {
                    items: [{ variantId, quantity: 1 }],
                    fromCart: false,
                    address: ADDRESS,
                    couponIds: [p.couponId],
                  },
                  { 'idempotency-key': `coupon-race-${p.couponId}-${k}-0000` },
                ),
              );
            })(),
          );
        }
      }
      gate.release();
      await Promise.all(calls);
    }

    for (const p of pairs) {
      const won = p.results.filter((r) => r.status === 201);
      const lost = p.results.filter((r) => r.status !== 201);
      expect(won, JSON.stringify(p.results.map((r) => r.body))).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expectDomainError(lost[0]!, 'COUPON_NOT_USABLE');
    }
    // Each coupon paid for one order; each winning order carries its discount.
    const uses = await stack.db
      .select()
      .from(couponUses)
      .where(
        inArray(
          couponUses.shopperCouponId,
          held.map((h) => h.id),
        ),
      );
    expect(uses).toHaveLength(pairs.length);
    expect(new Set(uses.map((u) => u.shopperCouponId)).size).toBe(pairs.length);
    const statuses = await stack.db
      .select({ status: shopperCoupons.status })
      .from(shopperCoupons)
      .where(eq(shopperCoupons.status, 'used'));
    expect(statuses.length).toBeGreaterThanOrEqual(pairs.length);
    const [orderRows] = await queryRows<{ n: number; coupon: number }>(
      stack.db,
      sql`SELECT count(*)::int AS n, coalesce(sum(platform_coupon_fen), 0)::int AS coupon
          FROM orders WHERE shop_id = ${shop.shopId}`,
    );
    expect(orderRows?.n).toBe(pairs.length);
    expect(orderRows?.coupon).toBe(uses.reduce((n, u) => n + u.discountFen, 0));
    await assertInvariants(stack.db);
  });

  it('gives a platform coupon back once both its shop orders are cancelled at the same moment', async () => {
    const a = await createShop(stack.db, { stock: 500, priceFen: 3_000 });
    const b = await createShop(stack.db, { stock: 500, priceFen: 2_000 });
    const operator = await loginAs(stack, await createUser(stack.db, 'operator'));
    const users = await Promise.all(Array.from({ length: SHOPPERS }, () => createUser(stack.db)));
    const shoppers = await Promise.all(users.map((u) => loginAs(stack, u)));
    const couponIds: number[] = [];
    for (let c = 0; c < 3; c++)
      couponIds.push(
        await issueToAll(
          operator,
          { title: `跨店券${c}`, titleEn: `Two shops ${c}`, kind: 'amount_off', amountOffFen: 999 },
          users,
        ),
      );
    const held = await stack.db
      .select()
      .from(shopperCoupons)
      .where(inArray(shopperCoupons.couponId, couponIds));
    // Each coupon pays for one checkout of two shop orders.
    const checkouts = [];
    for (const h of held) {
      const shopper = shoppers[users.findIndex((u) => u.id === h.shopperId)]!;
      const placed = await shopper.post('/api/v1/orders', {
        items: [
          { variantId: a.variantIds[0]!, quantity: 1 },
          { variantId: b.variantIds[0]!, quantity: 1 },
        ],
        fromCart: false,
        address: ADDRESS,
        couponIds: [h.id],
      });
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      checkouts.push({
        shopper,
        couponId: h.id,
        orderNos: (placed.body.orders as { orderNo: string }[]).map((o) => o.orderNo),
      });
    }
    for (let w = 0; w < checkouts.length; w += WAVE / 2) {
      const gate = barrier();
      const calls = checkouts.slice(w, w + WAVE / 2).flatMap((c) =>
        c.orderNos.map(async (orderNo) => {
          await gate.opened;
          const res = await c.shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
            selection: 'all',
            reasonCode: 'price',
          });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }),
      );
      gate.release();
      await Promise.all(calls);
    }
    const after = await stack.db
      .select({ id: shopperCoupons.id, status: shopperCoupons.status })
      .from(shopperCoupons)
      .where(inArray(shopperCoupons.couponId, couponIds));
    expect(after.filter((r) => r.status !== 'returned')).toEqual([]);
    const open = await stack.db
      .select()
      .from(couponUses)
      .where(
        inArray(
          couponUses.shopperCouponId,
          after.map((r) => r.id),
        ),
      );
    expect(open.filter((u) => u.returnedAt === null)).toEqual([]);
    await assertInvariants(stack.db);
  });
});
