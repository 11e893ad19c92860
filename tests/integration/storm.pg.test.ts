import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainErrorCode } from '../../src/domain/errors.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { products, shops } from '../../src/server/platform/db/schema/index.js';
import { ADDRESS, createShop, createUser, loginAs, type TestShop } from '../support/factories.js';
import type { TestClient, TestResponse } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import {
  assertInvariants,
  expectDomainError,
  outboxProblems,
  pick,
  raceSeed,
  seededRandom,
  shuffle,
} from './race-support.js';

// Real concurrent connections: PostgreSQL only. A thousand mixed operations from 32 callers at
// once over 50 hot variants, in an order drawn from a seeded PRNG (the seed is logged; replay
// with RACE_SEED=<seed>). No caller may see a 5xx, a deadlock or a serialization failure, and
// afterwards every unit of stock and every fen must be accounted for.
const OPS = 1_000;
const CONCURRENCY = 32;
const SHOPS = 5;
const VARIANTS_PER_SHOP = 10;
const STOCK = 20;
const SHOPPERS = 16;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 32 });
});
afterAll(async () => {
  await stack?.close();
});

type Kind = 'place' | 'pay' | 'cancel' | 'partial' | 'prepare' | 'ship';
const WEIGHTS: [Kind, number][] = [
  // A placement makes one order per shop it buys from (1.7 on average), hence more payments.
  ['place', 0.22],
  ['pay', 0.28],
  ['cancel', 0.1],
  ['partial', 0.12],
  ['prepare', 0.1],
  ['ship', 0.18],
];

/** The domain refusals each operation may meet when racing the others; anything else fails. */
const EXPECTED: Record<Kind, DomainErrorCode[]> = {
  place: ['OUT_OF_STOCK'],
  pay: ['ORDER_NOT_PAYABLE'],
  cancel: ['ORDER_NOT_CANCELLABLE', 'CANCELLATION_ALREADY_REQUESTED'],
  partial: [
    'ORDER_NOT_CANCELLABLE',
    'CANCELLATION_ALREADY_REQUESTED',
    'CANCEL_QUANTITY_EXCEEDED',
    'CANCEL_LINE_NOT_CANCELLABLE',
    'PARTIAL_CANCEL_NOT_ALLOWED',
  ],
  prepare: ['ORDER_NOT_SHIPPABLE'],
  ship: ['ORDER_NOT_SHIPPABLE', 'CANCELLATION_PENDING_DECISION'],
};

interface KnownOrder {
  orderNo: string;
  shopper: TestClient;
  merchant: TestClient;
  lines: { id: number; qtyOrdered: number }[];
  /** What this caller last learnt; other callers may have moved it on since. */
  known: 'unpaid' | 'paid' | 'cancelled' | 'shipped';
}

interface Outcome {
  kind: Kind;
  status: number;
  code: string | null;
  /** For pay: the sandbox pay page's answers (not the app's). */
  sandbox?: string;
}

function kindOf(r: number): Kind {
  let acc = 0;
  for (const [kind, w] of WEIGHTS) {
    acc += w;
    if (r < acc) return kind;
  }
  return 'place';
}

describe('a storm of mixed operations on hot variants', () => {
  it(`runs ${OPS} operations at concurrency ${CONCURRENCY} with no 5xx and every unit and fen accounted for`, async () => {
    const seed = raceSeed('storm');
    const setupRand = seededRandom(seed);
    const shopList: TestShop[] = [];
    const prices = [1_999, 2_999, 888, 4_567, 1_234];
    for (let s = 0; s < SHOPS; s++) {
      const shop = await createShop(stack.db, {
        stock: STOCK,
        priceFen: prices[s]!,
        variants: VARIANTS_PER_SHOP,
        shippingFeeFen: [0, 500, 800, 600, 1_000][s]!,
        policy: s === 2 ? 'refund_minus_fee' : s === 3 ? 'no_refund_after_shipment' : 'full_refund',
      });
      shopList.push(shop);
    }
    // 满减 on some shops: odd discounts prorated over lines; a 组合套装 cancels only whole.
    await stack.db
      .update(shops)
      .set({ promoThresholdFen: 5_000, promoDiscountFen: 777 })
      .where(inArray(shops.id, [shopList[0]!.shopId, shopList[2]!.shopId, shopList[4]!.shopId]));
    await stack.db
      .update(products)
      .set({ feeKind: 'percent', feeValue: 500 })
      .where(eq(products.id, shopList[2]!.productId));
    await stack.db
      .update(products)
      .set({ bundle: true })
      .where(eq(products.id, shopList[4]!.productId));
    const hot = shopList.flatMap((s) => s.variantIds);
    const merchantOf = new Map<number, TestClient>();
    for (const s of shopList) {
      merchantOf.set(
        s.shopId,
        await loginAs(stack, await createUser(stack.db, 'merchant', s.shopId)),
      );
    }
    const shoppers = await Promise.all(
      Array.from({ length: SHOPPERS }, async () => loginAs(stack, await createUser(stack.db))),
    );
    void setupRand;

    const orders: KnownOrder[] = [];
    const outcomes: Outcome[] = [];
    const [before] = await queryRows<{ deadlocks: number }>(
      stack.db,
      sql`SELECT deadlocks::int AS deadlocks FROM pg_stat_database WHERE datname = current_database()`,
    );

    async function place(rand: () => number): Promise<Outcome> {
      const shopper = pick(rand, shoppers);
      const items = shuffle(rand, hot)
        .slice(0, 1 + Math.floor(rand() * 3))
        .map((variantId) => ({ variantId, quantity: 1 + Math.floor(rand() * 3) }));
      const headers: Record<string, string> =
        rand() < 0.5
          ? { 'idempotency-key': `storm-place-${seed}-${Math.floor(rand() * 1e12)}` }
          : {};
      const res = await shopper.post(
        '/api/v1/orders',
        { items, fromCart: false, address: ADDRESS },
        headers,
      );
      if (res.status === 201) {
        for (const o of res.body.orders as any[]) {
          orders.push({
            orderNo: o.orderNo,
            shopper,
            merchant: merchantOf.get(o.shop.id)!,
            lines: o.lines.map((l: any) => ({ id: l.id, qtyOrdered: l.qtyOrdered })),
            known: 'unpaid',
          });
        }
      }
      return outcome('place', res);
    }

    async function pay(o: KnownOrder): Promise<Outcome> {
      const res = await o.shopper.post(
        `/api/v1/orders/${o.orderNo}/pay`,
        {},
        { 'idempotency-key': `pay-${o.orderNo}-k` },
      );
      const out = outcome('pay', res);
      if (res.status !== 200) return out;
      // The shopper's browser on the provider's pay page, over real HTTP.
      const payPath = new URL(res.body.payUrl as string).pathname;
      const page = await fetch(`${stack.sandboxUrl}${payPath}`);
      await page.text();
      const confirm = await fetch(`${stack.sandboxUrl}${payPath}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ channel: 'alipay' }).toString(),
        redirect: 'manual',
      });
      await confirm.text();
      out.sandbox = `page ${page.status}, confirm ${confirm.status}`;
      if (confirm.status === 303 && o.known === 'unpaid') o.known = 'paid';
      return out;
    }

    async function cancel(o: KnownOrder, rand: () => number, partial: boolean): Promise<Outcome> {
      let selection: 'all' | { lineId: number; quantity: number }[] = 'all';
      if (partial) {
        const line = pick(rand, o.lines);
        selection = [
          { lineId: line.id, quantity: 1 + Math.floor(rand() * Math.min(2, line.qtyOrdered)) },
        ];
      }
      const headers: Record<string, string> =
        rand() < 0.5
          ? { 'idempotency-key': `storm-cancel-${seed}-${Math.floor(rand() * 1e12)}` }
          : {};
      const res = await o.shopper.post(
        `/api/v1/orders/${o.orderNo}/cancellation`,
        {
          selection,
          reasonCode: pick(rand, ['changed_mind', 'price', 'personal', 'info_mismatch']),
        },
        headers,
      );
      if (res.status === 200 && res.body.order.status === 'cancelled') o.known = 'cancelled';
      return outcome(partial ? 'partial' : 'cancel', res);
    }

    async function merchantAct(o: KnownOrder, kind: 'prepare' | 'ship'): Promise<Outcome> {
      const res =
        kind === 'ship'
          ? await o.merchant.post(`/api/v1/merchant/orders/${o.orderNo}/ship`, {
              carrier: '中通快递',
              trackingNo: `ZT${o.orderNo.slice(-12)}`,
            })
          : await o.merchant.post(`/api/v1/merchant/orders/${o.orderNo}/prepare`);
      if (res.status === 200 && kind === 'ship') o.known = 'shipped';
      return outcome(kind, res);
    }

    async function runOp(k: number): Promise<Outcome> {
      // Each operation draws from its own stream: the mix is the same for a seed whatever the
      // interleaving; the targets follow what exists when the operation starts.
      const rand = seededRandom((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
      const kind = orders.length < CONCURRENCY ? 'place' : kindOf(rand());
      // Mostly orders the caller believes are in the right state; sometimes any order at all.
      const anyOrder = rand() < 0.1;
      const candidates = (wanted: KnownOrder['known'][]) =>
        anyOrder ? orders : orders.filter((o) => wanted.includes(o.known));
      switch (kind) {
        case 'place':
          return place(rand);
        case 'pay': {
          const c = candidates(['unpaid']);
          return c.length ? pay(pick(rand, c)) : place(rand);
        }
        case 'cancel': {
          const c = candidates(['unpaid', 'paid']);
          return c.length ? cancel(pick(rand, c), rand, false) : place(rand);
        }
        case 'partial': {
          const c = candidates(['paid']);
          return c.length ? cancel(pick(rand, c), rand, true) : place(rand);
        }
        case 'prepare':
        case 'ship': {
          const c = candidates(['paid']);
          return c.length ? merchantAct(pick(rand, c), kind) : place(rand);
        }
      }
    }

    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const k = next++;
          if (k >= OPS) return;
          outcomes.push(await runOp(k));
        }
      }),
    );
    const stormMs = Date.now() - t0;
    await stack.settle();
    const settleMs = Date.now() - t0 - stormMs;

    // Every answer was a success or a domain refusal the operation can meet in a race.
    const unexpected = outcomes.filter(
      (o) =>
        o.status >= 500 ||
        (o.status >= 300 && !EXPECTED[o.kind].includes(o.code as DomainErrorCode)) ||
        (o.sandbox !== undefined && /5\d\d/.test(o.sandbox)),
    );
    expect(unexpected, 'answers other than success or an expected refusal').toEqual([]);
    expect(outcomes).toHaveLength(OPS);

    // Every payment the provider took reached the app through its webhook.
    const unrecorded = await queryRows<{ order_no: string }>(
      stack.db,
      sql`SELECT o.order_no FROM payments p JOIN orders o ON o.id = p.order_id
        WHERE p.status = 'pending' AND o.status = 'awaiting_shipment'`,
    );
    expect(unrecorded).toEqual([]);
    expect(await outboxProblems(stack.db, stack.clock.now())).toEqual([]);
    const report = await assertInvariants(stack.db);
    const [after] = await queryRows<{ deadlocks: number }>(
      stack.db,
      sql`SELECT deadlocks::int AS deadlocks FROM pg_stat_database WHERE datname = current_database()`,
    );

    const mix: Record<string, Record<string, number>> = {};
    for (const o of outcomes) {
      const row = (mix[o.kind] ??= {});
      const key = o.status < 300 ? String(o.status) : `${o.status} ${o.code}`;
      row[key] = (row[key] ?? 0) + 1;
      if (o.sandbox) row[o.sandbox] = (row[o.sandbox] ?? 0) + 1;
    }
    const states = await queryRows<{ status: string; n: number }>(
      stack.db,
      sql`SELECT status, count(*)::int AS n FROM orders GROUP BY status ORDER BY status`,
    );
    console.log(
      `[storm] seed=${seed} ${OPS} ops at concurrency ${CONCURRENCY} in ${stormMs} ms ` +
        `(${Math.round((OPS / stormMs) * 1000)} ops/s), settle ${settleMs} ms; ` +
        `deadlocks detected by PostgreSQL and retried: ${(after?.deadlocks ?? 0) - (before?.deadlocks ?? 0)}\n` +
        Object.entries(mix)
          .map(([kind, row]) => `  ${kind.padEnd(8)} ${JSON.stringify(row)}`)
          .join('\n') +
        `\n  orders by status ${JSON.stringify(Object.fromEntries(states.map((s) => [s.status, s.n])))}` +
        `\n  ${JSON.stringify(report)}`,
    );
  }, 300_000); // bounded work; the margin is for a busy machine
});

function outcome(kind: Kind, res: TestResponse): Outcome {
  if (res.status >= 300 && res.status < 500) expectDomainError(res, res.body.error.code);
  return {
    kind,
    status: res.status,
    code: res.status >= 300 ? (res.body?.error?.code ?? null) : null,
  };
}
