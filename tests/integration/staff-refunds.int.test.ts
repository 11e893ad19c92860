import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { variants } from '../../src/server/platform/db/schema/index.js';
import { createShop, createUser, loginAs, payThroughSandbox } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { expectDomainError, placeOrder } from './race-support.js';

// 价保 asked by the shopper, 补偿 granted by staff, 线下退款 recorded by an operator: each
// capped at what the order can still refund, and a later cancellation pays only the rest.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function paidOrder(priceFen = 5000, quantity = 2) {
  const shop = await createShop(stack.db, { priceFen, shippingFeeFen: 800 });
  const shopper = await loginAs(stack, await createUser(stack.db));
  const [order] = await placeOrder(shopper, [{ variantId: shop.variantIds[0]!, quantity }]);
  await payThroughSandbox(stack, shopper, order!.orderNo);
  await stack.settle();
  return { shop, shopper, orderNo: order!.orderNo, paidFen: order!.payableFen };
}

async function refundsOf(orderNo: string) {
  return queryRows<{ amount_fen: number; source: string; status: string }>(
    stack.db,
    sql`SELECT r.amount_fen::int AS amount_fen, r.source, r.status FROM refunds r
      JOIN orders o ON o.id = r.order_id WHERE o.order_no = ${orderNo} ORDER BY r.id`,
  );
}

async function cancelAll(shopper: TestClient, orderNo: string) {
  const res = await shopper.post(`/api/v1/orders/${orderNo}/cancellation`, {
    selection: 'all',
    reasonCode: 'price',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('申请价保', () => {
  it('shows the difference, refunds it once, and the cancellation pays only the rest', async () => {
    const { shop, shopper, orderNo, paidFen } = await paidOrder(5000, 2);
    const none = await shopper.get(`/api/v1/orders/${orderNo}/price-protection`);
    expect(none.body).toMatchObject({ available: false, amountFen: 0 });
    expect(none.body.refusal.message).toBe('当前价格未低于您的实付单价，或差价已退');
    expect(none.body.lines[0]).toMatchObject({ dueFen: 0, reason: 'price_not_lower' });

    await stack.db
      .update(variants)
      .set({ priceFen: 4200 })
      .where(eq(variants.id, shop.variantIds[0]!));
    const quote = await shopper.get(`/api/v1/orders/${orderNo}/price-protection`);
    expect(quote.body).toMatchObject({ available: true, amountFen: 1600, review: false });
    expect(quote.body.lines[0]).toMatchObject({
      units: 2,
      paidFen: 10_000,
      currentFen: 8400,
      dueFen: 1600,
      reason: 'due',
    });

    const asked = await shopper.post(
      `/api/v1/orders/${orderNo}/price-protection`,
      {},
      {
        'idempotency-key': `pp-${orderNo}`,
      },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body).toMatchObject({
      amountFen: 1600,
      source: 'price_protection',
      status: 'approved',
    });
    const again = await shopper.post(`/api/v1/orders/${orderNo}/price-protection`, {});
    expectDomainError(again, 'PRICE_PROTECTION_NOTHING_DUE');
    // The dialog then says why in words: given already at today's price.
    const after = await shopper.get(`/api/v1/orders/${orderNo}/price-protection`);
    expect(after.body.lines[0]).toMatchObject({ dueFen: 0, reason: 'already_protected' });

    // The shopper's refund page lists it; the worker pays it out through the provider.
    await stack.settle();
    const mine = await shopper.get(`/api/v1/refunds?orderNo=${orderNo}`);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ source: 'price_protection', amountFen: 1600, status: 'succeeded' }),
    ]);

    const cancelled = await cancelAll(shopper, orderNo);
    expect(cancelled.refund.amountFen).toBe(paidFen - 1600);
    const total = (await refundsOf(orderNo)).reduce((n, r) => n + r.amount_fen, 0);
    expect(total).toBe(paidFen);

    const [trail] = await queryRows<{ n: number }>(
      stack.db,
      sql`SELECT count(*)::int AS n FROM audit_log a JOIN orders o ON o.id = a.order_id
        WHERE o.order_no = ${orderNo} AND a.action = 'refund.create.price_protection'`,
    );
    expect(trail?.n).toBe(1);
    const notices = await queryRows<{ n: number }>(
      stack.db,
      sql`SELECT count(*)::int AS n FROM notices WHERE template = 'refund_price_protection'`,
    );
    expect(notices[0]?.n).toBeGreaterThan(0);
  });
});

describe('补偿', () => {
  it('a merchant grants it for their shop only, capped at what is left, with a listed reason', async () => {
    const { shop, shopper, orderNo, paidFen } = await paidOrder(5000, 2);
    const merchant = await loginAs(stack, await createUser(stack.db, 'merchant', shop.shopId));
    const other = await createShop(stack.db);
    const stranger = await loginAs(stack, await createUser(stack.db, 'merchant', other.shopId));

    const options = await merchant.get(`/api/v1/merchant/orders/${orderNo}/staff-refunds`);
    expect(options.body).toMatchObject({ refundableFen: 10_000, offlineAllowed: false });
    expect(options.body.goodwillReasons).toHaveLength(5);

    const body = { amountFen: 1000, reasonCode: 'late_delivery', note: '发货晚了两天' };
    expectDomainError(
      await stranger.post(`/api/v1/merchant/orders/${orderNo}/goodwill-refunds`, body),
      'ORDER_NOT_FOUND',
    );
    expectDomainError(
      await shopper.post(`/api/v1/merchant/orders/${orderNo}/goodwill-refunds`, body),
      'FORBIDDEN',
    );
    const tooMuch = await merchant.post(`/api/v1/merchant/orders/${orderNo}/goodwill-refunds`, {
      ...body,
      amountFen: 10_001,
    });
    expectDomainError(tooMuch, 'REFUND_AMOUNT_TOO_HIGH');
    const badReason = await merchant.post(`/api/v1/merchant/orders/${orderNo}/goodwill-refunds`, {
      ...body,
      reasonCode: 'because',
    });
    expect(badReason.status).toBe(400);

    const granted = await merchant.post(
      `/api/v1/merchant/orders/${orderNo}/goodwill-refunds`,
      body,
    );
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    expect(granted.body).toMatchObject({
      source: 'goodwill',
      reasonCode: 'late_delivery',
      note: '发货晚了两天',
      status: 'approved',
    });
    const cancelled = await cancelAll(shopper, orderNo);
    expect(cancelled.refund.amountFen).toBe(paidFen - 1000);
  });

  it('an agent’s 补偿 above the operator’s amount waits for 退款审核', async () => {
    const { orderNo } = await paidOrder(100_000, 1);
    const agent = await loginAs(stack, await createUser(stack.db, 'agent'));
    const res = await agent.post(`/api/v1/ops/orders/${orderNo}/goodwill-refunds`, {
      amountFen: 60_000,
      reasonCode: 'quality',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending_review', reviewReasons: ['amount'] });
  });
});

describe('线下退款', () => {
  it('only an operator records it; it counts as refunded and carries its receipt', async () => {
    const { shopper, orderNo, paidFen } = await paidOrder(5000, 2);
    const agent = await loginAs(stack, await createUser(stack.db, 'agent'));
    const operator = await loginAs(stack, await createUser(stack.db, 'operator'));
    const body = { amountFen: 3000, method: 'bank_transfer', reference: 'ICBC-20261206-01' };
    expectDomainError(
      await agent.post(`/api/v1/ops/orders/${orderNo}/offline-refunds`, body),
      'FORBIDDEN',
    );
    const recorded = await operator.post(`/api/v1/ops/orders/${orderNo}/offline-refunds`, body);
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body).toMatchObject({
      source: 'offline',
      status: 'succeeded',
      offlineMethod: 'bank_transfer',
      offlineReference: 'ICBC-20261206-01',
    });
    expect(recorded.body.arrivedAt).not.toBeNull();

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), '回单.png');
    const receipt = await fetch(`${stack.baseUrl}/api/v1/refunds/${recorded.body.id}/evidence`, {
      method: 'POST',
      body: form,
      headers: {
        cookie: `btp_sid=${operator.cookie('btp_sid')}; btp_csrf=${operator.cookie('btp_csrf')}`,
        'x-csrf-token': operator.cookie('btp_csrf') ?? '',
      },
    });
    expect(receipt.status).toBe(201);
    const seen = await shopper.get(`/api/v1/refunds/${recorded.body.id}/evidence`);
    expect(seen.body.items).toHaveLength(1);

    const cancelled = await cancelAll(shopper, orderNo);
    expect(cancelled.refund.amountFen).toBe(paidFen - 3000);
    // Nothing is left for anyone to refund again.
    expectDomainError(
      await operator.post(`/api/v1/ops/orders/${orderNo}/offline-refunds`, {
        ...body,
        amountFen: 1,
      }),
      'REFUND_NOTHING_LEFT',
    );
    const rows = await refundsOf(orderNo);
    expect(rows.reduce((n, r) => n + r.amount_fen, 0)).toBe(paidFen);
  });
});
