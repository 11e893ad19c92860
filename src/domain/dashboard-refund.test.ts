import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linePaidFen } from './refund-calculation.js';
import { spreadDashboardRefund, type RefundedLine } from './dashboard-refund.js';

const line = (
  id: number,
  unitPriceFen: number,
  qtyOrdered: number,
  more: Partial<RefundedLine> = {},
) => ({
  id,
  unitPriceFen,
  qtyOrdered,
  discountFen: 0,
  refundedFen: 0,
  ...more,
});

describe('a dashboard refund spread over the order lines', () => {
  it('splits by what each line can still refund, exactly', () => {
    // Rooms 6,000 and 2,000 (the second line had 1,000 of 3,000 refunded): 3 : 1.
    const lines = [line(1, 3_000, 2), line(2, 3_000, 1, { refundedFen: 1_000 })];
    expect(spreadDashboardRefund(lines, 1_001)).toEqual([
      { lineId: 1, refundFen: 751 },
      { lineId: 2, refundFen: 250 },
    ]);
  });

  it('gives nothing to a line already refunded in full and counts discounts as not paid', () => {
    const lines = [
      line(1, 5_000, 1, { refundedFen: 5_000 }),
      line(2, 5_000, 1, { discountFen: 1_000 }),
    ];
    expect(spreadDashboardRefund(lines, 500)).toEqual([{ lineId: 2, refundFen: 500 }]);
  });

  it('takes at most what the lines hold: the rest (shipping) stays on the refund', () => {
    const lines = [line(1, 2_000, 1, { refundedFen: 500 })];
    expect(spreadDashboardRefund(lines, 2_600)).toEqual([{ lineId: 1, refundFen: 1_500 }]);
    expect(spreadDashboardRefund([line(1, 2_000, 1, { refundedFen: 2_000 })], 100)).toEqual([]);
  });

  it('never raises a line past what it was paid, and moves min(amount, room) in all', () => {
    const lineArb = fc
      .record({
        unitPriceFen: fc.integer({ min: 0, max: 100_000 }),
        qtyOrdered: fc.integer({ min: 1, max: 5 }),
        discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
        refundedShare: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map((r) => {
        const gross = r.unitPriceFen * r.qtyOrdered;
        const discountFen = Math.floor(gross * r.discountShare);
        return {
          unitPriceFen: r.unitPriceFen,
          qtyOrdered: r.qtyOrdered,
          discountFen,
          refundedFen: Math.floor((gross - discountFen) * r.refundedShare),
        };
      });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (raw, amountFen) => {
          const lines = raw.map((l, i) => ({ id: i + 1, ...l }));
          const moves = spreadDashboardRefund(lines, amountFen);
          const room = lines.reduce((n, l) => n + linePaidFen(l) - l.refundedFen, 0);
          expect(moves.reduce((n, m) => n + m.refundFen, 0)).toBe(Math.min(amountFen, room));
          for (const m of moves) {
            const l = lines.find((x) => x.id === m.lineId)!;
            expect(l.refundedFen + m.refundFen).toBeLessThanOrEqual(linePaidFen(l));
            expect(Number.isInteger(m.refundFen) && m.refundFen > 0).toBe(true);
          }
        },
      ),
    );
  });
});
