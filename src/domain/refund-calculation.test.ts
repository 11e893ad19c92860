import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { AfterSalesPolicy } from './after-sales-policy.js';
import type { CancellableLine, CancellableOrder, SelectionItem } from './cancellation-rules.js';
import { remainingUnits } from './cancellation-rules.js';
import { DomainError } from './errors.js';
import {
  linePaidFen,
  paidShareOf,
  planCancellationRefund,
  REFUND_CHANNEL_LABELS,
  REFUND_CHANNELS,
  type RefundPlan,
} from './refund-calculation.js';

const FULL: AfterSalesPolicy = { kind: 'full_refund', feeKind: null, feeValue: 0 };
const PCT5: AfterSalesPolicy = { kind: 'refund_minus_fee', feeKind: 'percent', feeValue: 500 };
const FIXED10: AfterSalesPolicy = { kind: 'refund_minus_fee', feeKind: 'fixed', feeValue: 1000 };

function line(id: number, over: Partial<CancellableLine> = {}): CancellableLine {
  return {
    id,
    qtyOrdered: 3,
    qtyCancelled: 0,
    qtyShipped: 0,
    unitPriceFen: 3333,
    discountFen: 1000,
    refundedFen: 0,
    policy: FULL,
    ...over,
  };
}

function paidOrder(lines: CancellableLine[], shippingFen = 800): CancellableOrder {
  return {
    status: 'awaiting_shipment',
    paidAt: new Date('2026-11-28T10:00:00+08:00'),
    preparingAt: null,
    paidFen: lines.reduce((n, l) => n + linePaidFen(l), 0) + shippingFen,
    shippingFen,
    refundedShipping: false,
    pendingRequest: false,
    lines,
  };
}

const sel = (...pairs: [number, number][]): SelectionItem[] =>
  pairs.map(([lineId, quantity]) => ({ lineId, quantity }));

describe('paidShareOf', () => {
  // linePaid = 3333 × 3 − 1000 = 8999
  it.each([
    [0, 0],
    [1, 2999],
    [2, 5999],
    [3, 8999],
  ])('%i units → %i', (units, fen) => {
    expect(paidShareOf(line(1), units)).toBe(fen);
  });

  it('handles a fully discounted line and a large amount', () => {
    expect(paidShareOf(line(1, { discountFen: 9999 }), 2)).toBe(0);
    const big = line(1, { unitPriceFen: 2 ** 40, qtyOrdered: 7000, discountFen: 0 });
    expect(paidShareOf(big, 7000)).toBe(2 ** 40 * 7000);
    expect(paidShareOf(big, 3)).toBe(2 ** 40 * 3);
  });

  it.each([-1, 4, 1.5, Number.NaN])('rejects %d units', (units) => {
    expect(() => paidShareOf(line(1), units)).toThrow(RangeError);
  });

  it('rejects a discount above the line amount', () => {
    expect(() => paidShareOf(line(1, { discountFen: 10_000 }), 1)).toThrow(RangeError);
  });
});

describe('planCancellationRefund', () => {
  it('refunds the prorated share of a partial cancellation, no shipping', () => {
    const o = paidOrder([line(1), line(2, { unitPriceFen: 1000, qtyOrdered: 1, discountFen: 0 })]);
    expect(planCancellationRefund(o, sel([1, 1]), { chargeFees: false })).toEqual<RefundPlan>({
      lines: [
        {
          lineId: 1,
          quantity: 1,
          paidShareFen: 2999,
          feeFen: 0,
          alreadyRefundedFen: 0,
          refundFen: 2999,
        },
      ],
      goodsRefundFen: 2999,
      alreadyRefundedFen: 0,
      feeFen: 0,
      shippingRefundFen: 0,
      totalFen: 2999,
      refundsShipping: false,
    });
  });

  it('gives the last units the remainder so steps sum to the line amount', () => {
    const o = paidOrder([line(1, { qtyCancelled: 1, refundedFen: 2999 })]);
    const plan = planCancellationRefund(o, sel([1, 2]), { chargeFees: false });
    expect(plan.lines[0]?.paidShareFen).toBe(6000);
    expect(plan.refundsShipping).toBe(true);
    expect(plan.totalFen).toBe(6000 + 800);
  });

  it('refunds shipping when the whole order is cancelled', () => {
    const o = paidOrder([line(1), line(2)]);
    const plan = planCancellationRefund(o, sel([1, 3], [2, 3]), { chargeFees: false });
    expect(plan).toMatchObject({
      goodsRefundFen: 17998,
      shippingRefundFen: 800,
      totalFen: 18798,
      refundsShipping: true,
    });
    expect(plan.totalFen).toBe(o.paidFen);
  });

  it('does not refund shipping twice', () => {
    const o = { ...paidOrder([line(1)]), refundedShipping: true };
    const plan = planCancellationRefund(o, sel([1, 3]), { chargeFees: false });
    expect(plan).toMatchObject({ shippingRefundFen: 0, refundsShipping: false, totalFen: 8999 });
  });

  it('keeps shipping while anything is left to ship or was shipped', () => {
    const shippedOne = paidOrder([line(1, { qtyShipped: 1 })]);
    expect(
      planCancellationRefund(shippedOne, sel([1, 2]), { chargeFees: false }).refundsShipping,
    ).toBe(false);
    const otherLeft = paidOrder([
      line(1),
      line(2, { policy: { ...FULL, kind: 'non_cancellable' } }),
    ]);
    expect(
      planCancellationRefund(otherLeft, sel([1, 3]), { chargeFees: false }).refundsShipping,
    ).toBe(false);
  });

  it('marks free shipping as refunded (0 fen) when nothing is left', () => {
    const o = paidOrder([line(1)], 0);
    expect(planCancellationRefund(o, sel([1, 3]), { chargeFees: false })).toMatchObject({
      refundsShipping: true,
      shippingRefundFen: 0,
    });
  });

  it.each<[string, AfterSalesPolicy, boolean, number]>([
    ['full refund', FULL, true, 0],
    ['5% fee', PCT5, true, 299], // floor(5999 × 5%)
    ['5% fee waived in the free window', PCT5, false, 0],
    ['¥10 fixed fee', FIXED10, true, 1000],
    ['fixed fee above the share', { ...FIXED10, feeValue: 1_000_000 }, true, 5999],
    [
      'no refund after shipment (not shipped)',
      { ...FULL, kind: 'no_refund_after_shipment' },
      true,
      0,
    ],
  ])('fee: %s', (_name, policy, chargeFees, fee) => {
    const o = paidOrder([line(1, { policy })]);
    const plan = planCancellationRefund(o, sel([1, 2]), { chargeFees });
    expect(plan.lines[0]).toEqual({
      lineId: 1,
      quantity: 2,
      paidShareFen: 5999,
      feeFen: fee,
      alreadyRefundedFen: 0,
      refundFen: 5999 - fee,
    });
    expect(plan).toMatchObject({ goodsRefundFen: 5999, feeFen: fee, totalFen: 5999 - fee });
  });

  it('fees never touch shipping', () => {
    const o = paidOrder([line(1, { policy: PCT5 })]);
    const plan = planCancellationRefund(o, sel([1, 3]), { chargeFees: true });
    expect(plan).toMatchObject({ goodsRefundFen: 8999, feeFen: 449, shippingRefundFen: 800 });
    expect(plan.totalFen).toBe(8999 - 449 + 800);
  });

  it('refunds nothing for an unpaid order', () => {
    const o: CancellableOrder = {
      ...paidOrder([line(1, { policy: PCT5 }), line(2)]),
      status: 'pending_payment',
      paidAt: null,
      paidFen: 0,
    };
    expect(planCancellationRefund(o, sel([1, 3], [2, 3]), { chargeFees: true })).toEqual({
      lines: [
        { lineId: 1, quantity: 3, paidShareFen: 0, feeFen: 0, alreadyRefundedFen: 0, refundFen: 0 },
        { lineId: 2, quantity: 3, paidShareFen: 0, feeFen: 0, alreadyRefundedFen: 0, refundFen: 0 },
      ],
      goodsRefundFen: 0,
      alreadyRefundedFen: 0,
      feeFen: 0,
      shippingRefundFen: 0,
      totalFen: 0,
      refundsShipping: false,
    });
  });

  it('merges a line listed twice', () => {
    const o = paidOrder([line(1)]);
    expect(planCancellationRefund(o, sel([1, 1], [1, 1]), { chargeFees: false }).lines).toEqual([
      {
        lineId: 1,
        quantity: 2,
        paidShareFen: 5999,
        feeFen: 0,
        alreadyRefundedFen: 0,
        refundFen: 5999,
      },
    ]);
  });

  it.each<[string, SelectionItem[]]>([
    ['unknown line', sel([9, 1])],
    ['too many', sel([1, 4])],
    ['too many when merged', sel([1, 2], [1, 2])],
    ['zero', sel([1, 0])],
  ])('rejects a selection checkSelection would reject: %s', (_name, selection) => {
    expect(() =>
      planCancellationRefund(paidOrder([line(1)]), selection, { chargeFees: false }),
    ).toThrow(RangeError);
  });

  it('refuses to refund more than was paid when the facts disagree', () => {
    const short = { ...paidOrder([line(1)]), paidFen: 5000 };
    const err = (() => {
      try {
        planCancellationRefund(short, sel([1, 3]), { chargeFees: false });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('REFUND_EXCEEDS_PAID');
    const overRefunded = paidOrder([line(1, { refundedFen: 9000 })]);
    expect(() => planCancellationRefund(overRefunded, sel([1, 1]), { chargeFees: false })).toThrow(
      DomainError,
    );
  });

  it('does not pay again what a refund by amount (价保, 补偿, 线下退款) already gave back', () => {
    // The line paid 8999; 8000 of it went back by amount, so 999 is left to refund.
    const o = paidOrder([line(1, { refundedFen: 8000 })]);
    const one = planCancellationRefund(o, sel([1, 1]), { chargeFees: false });
    expect(one.lines).toEqual([
      {
        lineId: 1,
        quantity: 1,
        paidShareFen: 2999,
        feeFen: 0,
        alreadyRefundedFen: 2000,
        refundFen: 999,
      },
    ]);
    expect(one.goodsRefundFen).toBe(999);
    expect(one.alreadyRefundedFen).toBe(2000);
    // Everything at once: the rest of the line and the shipping, nothing more.
    const all = planCancellationRefund(o, sel([1, 3]), { chargeFees: false });
    expect(all.totalFen).toBe(999 + 800);
    expect(all.totalFen + 8000).toBe(o.paidFen);
  });

  it('is the same for preview and final refund (pure)', () => {
    const o = paidOrder([line(1, { policy: PCT5 }), line(2)]);
    const a = planCancellationRefund(o, sel([1, 2], [2, 1]), { chargeFees: true });
    const b = planCancellationRefund(o, sel([1, 2], [2, 1]), { chargeFees: true });
    expect(a).toEqual(b);
  });
});

describe('channels', () => {
  it('labels every channel', () => {
    for (const c of REFUND_CHANNELS) expect(REFUND_CHANNEL_LABELS[c].zh).not.toBe('');
  });
});

describe('planCancellationRefund properties', () => {
  const policyArb: fc.Arbitrary<AfterSalesPolicy> = fc.oneof(
    fc.constant(FULL),
    fc.record({
      kind: fc.constant('refund_minus_fee' as const),
      feeKind: fc.constantFrom('percent' as const, 'fixed' as const, null),
      feeValue: fc.integer({ min: 0, max: 20_000 }),
    }),
    fc.constant<AfterSalesPolicy>({ kind: 'no_refund_after_shipment', feeKind: null, feeValue: 0 }),
  );
  const lineArb = fc
    .record({
      qtyOrdered: fc.integer({ min: 1, max: 12 }),
      unitPriceFen: fc.oneof(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 1e9 }),
      ),
      discountRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      policy: policyArb,
    })
    .map((l) => ({ ...l, gross: l.unitPriceFen * l.qtyOrdered }));
  const orderArb = fc
    .record({
      lines: fc.array(lineArb, { minLength: 1, maxLength: 5 }),
      shippingFen: fc.integer({ min: 0, max: 5000 }),
      // Steps: each picks a line index, a quantity seed and whether fees apply.
      steps: fc.array(
        fc.record({ line: fc.nat(), qty: fc.integer({ min: 1, max: 12 }), fees: fc.boolean() }),
        { minLength: 1, maxLength: 20 },
      ),
      finishAll: fc.boolean(),
    })
    .map(({ lines, shippingFen, steps, finishAll }) => {
      const ls: CancellableLine[] = lines.map((l, i) => ({
        id: i + 1,
        qtyOrdered: l.qtyOrdered,
        qtyCancelled: 0,
        qtyShipped: 0,
        unitPriceFen: l.unitPriceFen,
        discountFen: Math.floor(l.gross * l.discountRatio),
        refundedFen: 0,
        policy: l.policy,
      }));
      return { order: paidOrder(ls, shippingFen), steps, finishAll };
    });

  it('never refunds a part below 0, a fee above its share, a line above its paid amount or an order above paidFen', () => {
    fc.assert(
      fc.property(orderArb, ({ order, steps, finishAll }) => {
        let o = order;
        let orderTotal = 0;
        const refunded = new Map<number, number>();
        const feeFree = new Map<number, boolean>(o.lines.map((l) => [l.id, true]));
        const apply = (selection: SelectionItem[], chargeFees: boolean) => {
          const plan = planCancellationRefund(o, selection, { chargeFees });
          for (const n of [
            plan.goodsRefundFen,
            plan.feeFen,
            plan.shippingRefundFen,
            plan.totalFen,
          ]) {
            expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
          }
          expect(plan.totalFen).toBe(plan.goodsRefundFen - plan.feeFen + plan.shippingRefundFen);
          for (const p of plan.lines) {
            expect(p.paidShareFen).toBeGreaterThanOrEqual(0);
            expect(p.feeFen).toBeGreaterThanOrEqual(0);
            expect(p.feeFen).toBeLessThanOrEqual(p.paidShareFen);
            expect(p.refundFen).toBe(p.paidShareFen - p.feeFen);
            refunded.set(p.lineId, (refunded.get(p.lineId) ?? 0) + p.refundFen);
            if (p.feeFen > 0) feeFree.set(p.lineId, false);
          }
          orderTotal += plan.totalFen;
          expect(orderTotal).toBeLessThanOrEqual(o.paidFen);
          const qty = new Map(plan.lines.map((p) => [p.lineId, p]));
          o = {
            ...o,
            refundedShipping: o.refundedShipping || plan.refundsShipping,
            lines: o.lines.map((l) => {
              const p = qty.get(l.id);
              return p === undefined
                ? l
                : {
                    ...l,
                    qtyCancelled: l.qtyCancelled + p.quantity,
                    refundedFen: l.refundedFen + p.refundFen,
                  };
            }),
          };
        };
        for (const step of steps) {
          const candidates = o.lines.filter((l) => remainingUnits(l) > 0);
          const l = candidates[step.line % Math.max(1, candidates.length)];
          if (l === undefined) break;
          apply([{ lineId: l.id, quantity: 1 + ((step.qty - 1) % remainingUnits(l)) }], step.fees);
        }
        if (finishAll) {
          const rest = o.lines
            .filter((l) => remainingUnits(l) > 0)
            .map((l) => ({ lineId: l.id, quantity: remainingUnits(l) }));
          if (rest.length > 0) apply(rest, false);
        }
        for (const l of o.lines) {
          const paid = linePaidFen(l);
          const total = refunded.get(l.id) ?? 0;
          expect(total).toBeLessThanOrEqual(paid);
          const allCancelled = l.qtyCancelled === l.qtyOrdered;
          if (allCancelled && feeFree.get(l.id) === true) expect(total).toBe(paid);
          if (!allCancelled && paid > 0) expect(total).toBeLessThan(paid);
        }
        const everything = o.lines.every((l) => l.qtyCancelled === l.qtyOrdered);
        expect(o.refundedShipping).toBe(everything);
        if (everything && [...feeFree.values()].every(Boolean)) expect(orderTotal).toBe(o.paidFen);
      }),
      { numRuns: 1000 },
    );
  });

  it('releases exactly the line amount over any split into steps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 50 }),
        (qty, unit, ratio, cuts) => {
          const l = line(1, {
            qtyOrdered: qty,
            unitPriceFen: unit,
            discountFen: Math.floor(unit * qty * ratio),
          });
          let done = 0;
          let sum = 0;
          let prev = 0;
          for (const c of [...cuts, qty]) {
            const next = Math.min(qty, done + c);
            const share = paidShareOf(l, next) - paidShareOf(l, done);
            expect(share).toBeGreaterThanOrEqual(0);
            sum += share;
            expect(paidShareOf(l, next)).toBeGreaterThanOrEqual(prev); // monotone
            prev = paidShareOf(l, next);
            done = next;
          }
          expect(sum).toBe(linePaidFen(l));
        },
      ),
      { numRuns: 500 },
    );
  });
});
