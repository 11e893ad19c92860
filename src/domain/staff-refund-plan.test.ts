import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AfterSalesPolicy } from './after-sales-policy.js';
import type { CancellableLine, CancellableOrder } from './cancellation-rules.js';
import { DomainError } from './errors.js';
import { linePaidFen, planCancellationRefund } from './refund-calculation.js';
import {
  GOODWILL_REASONS,
  planStaffRefund,
  priceProtectionLines,
  quotePriceProtection,
  refundableFen,
  type StaffRefundCommand,
  type StaffRefundFacts,
  type StaffRefundLine,
} from './staff-refund-plan.js';

const PAID_AT = new Date('2026-11-28T02:00:00Z');
const SETTINGS = { priceProtectionDays: 7, staffRefundReviewAmountFen: 10_000 };
const SHOPPER = { id: 7, role: 'shopper' };
const MERCHANT = { id: 3, role: 'merchant' };

function line(id: number, over: Partial<StaffRefundLine> = {}): StaffRefundLine {
  return {
    id,
    variantId: 100 + id,
    title: `商品${id}`,
    titleEn: `Item ${id}`,
    qtyOrdered: 3,
    qtyCancelled: 0,
    qtyAfterSales: 0,
    unitPriceFen: 3333,
    discountFen: 1000,
    refundedFen: 0,
    priceProtectedFen: 0,
    ...over,
  };
}

function facts<L extends StaffRefundLine>(
  lines: L[],
  prices: [number, number][] = [],
  over: Partial<StaffRefundFacts<L>> = {},
): StaffRefundFacts<L> {
  return {
    order: {
      id: 1,
      shopperId: 7,
      shopId: 2,
      status: 'awaiting_shipment',
      paidAt: PAID_AT,
      paidFen: lines.reduce((n, l) => n + linePaidFen(l), 0) + 800,
      paymentChannel: 'alipay',
    },
    lines,
    currentPrices: new Map(prices),
    settings: SETTINGS,
    refundId: 50,
    actor: SHOPPER,
    now: new Date(PAID_AT.getTime() + 86_400_000),
    ...over,
  };
}

function refusal(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('priceProtectionLines', () => {
  it.each<[string, Partial<StaffRefundLine>, number | undefined, number]>([
    // Paid 8999 for 3 units; today 2500 each → 8999 − 7500.
    ['a price drop on every unit', {}, 2500, 1499],
    ['today’s price equal to what was paid', { discountFen: 0 }, 3333, 0],
    ['a price rise', {}, 4000, 0],
    ['a deleted variant', {}, undefined, 0],
    // One unit cancelled (it carried floor(8999/3) = 2999): the two held carry 6000.
    ['units cancelled are not protected', { qtyCancelled: 1, refundedFen: 2999 }, 2500, 1000],
    ['units refunded through after-sales neither', { qtyAfterSales: 3, refundedFen: 8999 }, 1, 0],
    ['价保 already given is deducted', { refundedFen: 1000, priceProtectedFen: 1000 }, 2500, 499],
    ['capped at the line’s room', { refundedFen: 8500 }, 2500, 499],
  ])('%s', (_name, over, price, due) => {
    const l = line(1, over);
    const prices = new Map(price === undefined ? [] : [[l.variantId, price]]);
    expect(priceProtectionLines([l], prices)[0]?.dueFen).toBe(due);
  });
});

describe('why a line owes what it does', () => {
  it.each<[string, Partial<StaffRefundLine>, number | undefined, string]>([
    ['a drop', {}, 2500, 'due'],
    ['the same price', { discountFen: 0 }, 3333, 'price_not_lower'],
    ['a rise', {}, 4000, 'price_not_lower'],
    ['a deleted variant', {}, undefined, 'item_gone'],
    ['every unit cancelled', { qtyCancelled: 3, refundedFen: 8999 }, 2500, 'none_held'],
    // 1499 given at 2500: nothing more at the same price, the new difference after a further drop.
    [
      '价保 given at this price',
      { refundedFen: 1499, priceProtectedFen: 1499 },
      2500,
      'already_protected',
    ],
    [
      '价保 given, then a further drop',
      { refundedFen: 1499, priceProtectedFen: 1499 },
      2000,
      'due',
    ],
    ['the line refunded by 补偿', { refundedFen: 8999 }, 2500, 'refunded'],
  ])('%s', (_name, over, price, reason) => {
    const l = line(1, over);
    const prices = new Map(price === undefined ? [] : [[l.variantId, price]]);
    expect(priceProtectionLines([l], prices)[0]?.reason).toBe(reason);
  });
});

describe('quotePriceProtection', () => {
  it.each<[string, Partial<StaffRefundFacts<StaffRefundLine>>, string | null]>([
    ['within the days after payment', {}, null],
    ['on the last moment', { now: new Date(PAID_AT.getTime() + 7 * 86_400_000) }, null],
    [
      'after the days',
      { now: new Date(PAID_AT.getTime() + 7 * 86_400_000 + 1) },
      'PRICE_PROTECTION_EXPIRED',
    ],
  ])('%s', (_name, over, code) => {
    const f = facts([line(1)], [[101, 2500]], over);
    expect(quotePriceProtection(f).refusal).toBe(code);
  });

  it('refuses an unpaid order and says when nothing is due', () => {
    const unpaid = facts([line(1)], [[101, 2500]]);
    unpaid.order = { ...unpaid.order, status: 'pending_payment', paidAt: null, paidFen: 0 };
    expect(quotePriceProtection(unpaid).refusal).toBe('REFUND_NOTHING_LEFT');
    expect(quotePriceProtection(facts([line(1)], [[101, 9000]])).refusal).toBe(
      'PRICE_PROTECTION_NOTHING_DUE',
    );
  });

  it('goes to review above the operator’s amount', () => {
    const l = line(1, { unitPriceFen: 10_000, qtyOrdered: 2, discountFen: 0 });
    expect(quotePriceProtection(facts([l], [[101, 5000]])).review).toBe(false);
    expect(quotePriceProtection(facts([l], [[101, 4999]])).review).toBe(true);
  });
});

describe('planStaffRefund', () => {
  it('价保: refunds the difference line by line and records it as 价保', () => {
    const f = facts(
      [line(1), line(2, { unitPriceFen: 1000, qtyOrdered: 1, discountFen: 0 })],
      [
        [101, 2500],
        [102, 900],
      ],
    );
    const plan = planStaffRefund(f, { kind: 'price_protection' });
    expect(plan.refund).toMatchObject({
      amountFen: 1499 + 100,
      status: 'approved',
      source: 'price_protection',
      channel: 'alipay',
    });
    expect(plan.lineMoves).toEqual([
      { lineId: 1, refundFen: 1499, priceProtectedFen: 1499 },
      { lineId: 2, refundFen: 100, priceProtectedFen: 100 },
    ]);
    expect(plan.events.map((e) => e.topic)).toEqual(['refund.created', 'refund.staff_issued']);
    expect(plan.audit[0]?.action).toBe('refund.create.price_protection');
    // Asking again at the same prices: nothing is due.
    const again = { ...f, lines: plan.after.lines };
    expect(refusal(() => planStaffRefund(again, { kind: 'price_protection' }))).toBe(
      'PRICE_PROTECTION_NOTHING_DUE',
    );
  });

  const goodwill = (amountFen: number, reasonCode = 'late_delivery'): StaffRefundCommand => ({
    kind: 'goodwill',
    amountFen,
    reasonCode,
    note: null,
  });
  const offline = (amountFen: number): StaffRefundCommand => ({
    kind: 'offline',
    amountFen,
    method: 'bank_transfer',
    reference: 'TX-1',
    note: '门店退回',
  });

  it.each<[string, StaffRefundCommand, Partial<StaffRefundLine>, string | null, string | null]>([
    ['补偿 within the room', goodwill(500), {}, 'approved', null],
    ['补偿 of everything left', goodwill(8999), {}, null, null],
    ['补偿 over the room', goodwill(9000), {}, null, 'REFUND_AMOUNT_TOO_HIGH'],
    [
      '补偿 with a reason not on the list',
      goodwill(500, 'because'),
      {},
      null,
      'GOODWILL_REASON_INVALID',
    ],
    ['补偿 of nothing', goodwill(0), {}, null, 'VALIDATION_FAILED'],
    ['补偿 when all was refunded', goodwill(1), { refundedFen: 8999 }, null, 'REFUND_NOTHING_LEFT'],
    ['线下退款 is recorded as arrived', offline(8999), {}, 'succeeded', null],
    ['线下退款 over the room', offline(1), { refundedFen: 8999 }, null, 'REFUND_NOTHING_LEFT'],
  ])('%s', (_name, command, over, status, code) => {
    const f = { ...facts([line(1, over)]), actor: MERCHANT };
    expect(refusal(() => planStaffRefund(f, command))).toBe(code);
    if (status) expect(planStaffRefund(f, command).refund.status).toBe(status);
  });

  it('sends 补偿 above the operator’s amount to review; 线下退款 never', () => {
    const f = { ...facts([line(1, { unitPriceFen: 50_000, discountFen: 0 })]), actor: MERCHANT };
    expect(planStaffRefund(f, goodwill(10_000)).refund.status).toBe('approved');
    expect(planStaffRefund(f, goodwill(10_001)).refund).toMatchObject({
      status: 'pending_review',
      reviewReasons: ['amount'],
    });
    const off = planStaffRefund(f, offline(90_000));
    expect(off.refund).toMatchObject({ status: 'succeeded', offlineMethod: 'bank_transfer' });
    // The worker pays nothing out for money already returned.
    expect(off.events.map((e) => e.topic)).toEqual(['refund.staff_issued']);
  });

  it('spreads an amount over the lines’ room, never beyond any line', () => {
    const lines = [line(1, { refundedFen: 8000 }), line(2), line(3, { refundedFen: 8999 })];
    const plan = planStaffRefund({ ...facts(lines), actor: MERCHANT }, goodwill(5000));
    expect(plan.lineMoves.reduce((n, m) => n + m.refundFen, 0)).toBe(5000);
    expect(plan.lineMoves.find((m) => m.lineId === 3)).toBeUndefined();
    for (const l of plan.after.lines) expect(l.refundedFen).toBeLessThanOrEqual(linePaidFen(l));
  });

  it('lists five goodwill reasons, each in both languages', () => {
    expect(GOODWILL_REASONS).toHaveLength(5);
    for (const r of GOODWILL_REASONS) expect(r.zh && r.en).toBeTruthy();
  });
});

// Any mix, in any order, of cancellations (whole or partial, with fees), 价保 at falling
// prices, 补偿 and 线下退款: what the shopper gets back never exceeds what they paid, and no
// line is refunded beyond its paid amount.
describe('property: refunds never exceed what was paid', () => {
  const FULL: AfterSalesPolicy = { kind: 'full_refund', feeKind: null, feeValue: 0 };
  type Step =
    | { kind: 'cancel'; line: number; qty: number; fees: boolean }
    | { kind: 'price'; line: number; priceFen: number }
    | { kind: 'protect' }
    | { kind: 'goodwill'; amountFen: number }
    | { kind: 'offline'; amountFen: number };

  const lineArb = fc.record({
    qtyOrdered: fc.integer({ min: 1, max: 6 }),
    unitPriceFen: fc.integer({ min: 1, max: 50_000 }),
    discountPct: fc.integer({ min: 0, max: 50 }),
    policy: fc.oneof(
      fc.constant(FULL),
      fc.record({
        kind: fc.constant('refund_minus_fee' as const),
        feeKind: fc.constantFrom('percent' as const, 'fixed' as const),
        feeValue: fc.integer({ min: 0, max: 5_000 }),
      }),
    ),
  });
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('cancel' as const),
      line: fc.nat(3),
      qty: fc.integer({ min: 1, max: 6 }),
      fees: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('price' as const), line: fc.nat(3), priceFen: fc.nat(60_000) }),
    fc.constant({ kind: 'protect' as const }),
    fc.record({
      kind: fc.constant('goodwill' as const),
      amountFen: fc.integer({ min: 1, max: 80_000 }),
    }),
    fc.record({
      kind: fc.constant('offline' as const),
      amountFen: fc.integer({ min: 1, max: 80_000 }),
    }),
  );

  it('holds for 500 random histories', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.array(stepArb, { maxLength: 25 }),
        (specs, shippingFen, steps) => {
          let lines = specs.map((s, i) => ({
            ...line(i + 1, {
              qtyOrdered: s.qtyOrdered,
              unitPriceFen: s.unitPriceFen,
              discountFen: Math.floor((s.unitPriceFen * s.qtyOrdered * s.discountPct) / 100),
            }),
            policy: s.policy,
          }));
          const paidFen = lines.reduce((n, l) => n + linePaidFen(l), 0) + shippingFen;
          let shippingRefunded = false;
          const prices = new Map<number, number>();
          let refunded = 0;
          for (const step of steps) {
            const base = { ...facts(lines), currentPrices: prices };
            base.order = { ...base.order, paidFen };
            try {
              if (step.kind === 'price') {
                const l = lines[step.line % lines.length];
                if (l) prices.set(l.variantId, step.priceFen);
              } else if (step.kind === 'cancel') {
                const l = lines[step.line % lines.length];
                if (!l) continue;
                const left = l.qtyOrdered - l.qtyCancelled - l.qtyAfterSales;
                const qty = Math.min(step.qty, left);
                if (qty === 0) continue;
                const order: CancellableOrder = {
                  status: 'awaiting_shipment',
                  paidAt: PAID_AT,
                  preparingAt: null,
                  paidFen,
                  shippingFen,
                  refundedShipping: shippingRefunded,
                  pendingRequest: false,
                  lines: lines.map<CancellableLine>((x) => ({ ...x, qtyShipped: 0 })),
                };
                const plan = planCancellationRefund(order, [{ lineId: l.id, quantity: qty }], {
                  chargeFees: step.fees,
                });
                refunded += plan.totalFen;
                shippingRefunded ||= plan.refundsShipping;
                lines = lines.map((x) => {
                  const p = plan.lines.find((q) => q.lineId === x.id);
                  return p
                    ? {
                        ...x,
                        qtyCancelled: x.qtyCancelled + p.quantity,
                        refundedFen: x.refundedFen + p.refundFen,
                      }
                    : x;
                });
              } else {
                const command: StaffRefundCommand =
                  step.kind === 'protect'
                    ? { kind: 'price_protection' }
                    : step.kind === 'goodwill'
                      ? {
                          kind: 'goodwill',
                          amountFen: step.amountFen,
                          reasonCode: 'other',
                          note: null,
                        }
                      : {
                          kind: 'offline',
                          amountFen: step.amountFen,
                          method: 'cash',
                          reference: 'r',
                          note: null,
                        };
                const plan = planStaffRefund(base, command);
                expect(plan.refund.amountFen).toBeLessThanOrEqual(refundableFen(lines));
                refunded += plan.refund.amountFen;
                lines = plan.after.lines;
              }
            } catch (e) {
              // A refusal changes nothing; anything else is a failure.
              if (!(e instanceof DomainError)) throw e;
            }
            expect(refunded).toBeLessThanOrEqual(paidFen);
            for (const l of lines) {
              expect(l.refundedFen).toBeLessThanOrEqual(linePaidFen(l));
              expect(l.priceProtectedFen).toBeLessThanOrEqual(l.refundedFen);
            }
          }
          // Cancelling everything left: every fen paid is refunded or kept as a fee (room left
          // on a line), none twice.
          const rest = lines
            .map((l) => ({ lineId: l.id, quantity: l.qtyOrdered - l.qtyCancelled }))
            .filter((s) => s.quantity > 0);
          if (rest.length > 0) {
            const plan = planCancellationRefund(
              {
                status: 'awaiting_shipment',
                paidAt: PAID_AT,
                preparingAt: null,
                paidFen,
                shippingFen,
                refundedShipping: shippingRefunded,
                pendingRequest: false,
                lines: lines.map((x) => ({ ...x, qtyShipped: 0 })),
              },
              rest,
              { chargeFees: false },
            );
            refunded += plan.totalFen;
            const kept = lines.reduce((n, l) => {
              const p = plan.lines.find((q) => q.lineId === l.id);
              return n + linePaidFen(l) - l.refundedFen - (p?.refundFen ?? 0);
            }, 0);
            expect(refunded + kept).toBe(paidFen);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
