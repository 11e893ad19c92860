import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { cancellationFee, describePolicy, type AfterSalesPolicy } from './after-sales-policy.js';

const policy = (
  kind: AfterSalesPolicy['kind'],
  feeKind: AfterSalesPolicy['feeKind'] = null,
  feeValue = 0,
): AfterSalesPolicy => ({ kind, feeKind, feeValue });

describe('describePolicy', () => {
  it.each<[AfterSalesPolicy, string, string]>([
    [policy('full_refund'), '支持全额退款', 'Full refund available.'],
    [
      policy('refund_minus_fee', 'percent', 500),
      '取消或退款将收取 5% 手续费',
      'A 5% fee is charged on cancellation or refund.',
    ],
    [
      policy('refund_minus_fee', 'percent', 250),
      '取消或退款将收取 2.5% 手续费',
      'A 2.5% fee is charged on cancellation or refund.',
    ],
    [
      policy('refund_minus_fee', 'percent', 1),
      '取消或退款将收取 0.01% 手续费',
      'A 0.01% fee is charged on cancellation or refund.',
    ],
    [
      policy('refund_minus_fee', 'percent', 1000),
      '取消或退款将收取 10% 手续费',
      'A 10% fee is charged on cancellation or refund.',
    ],
    [
      policy('refund_minus_fee', 'fixed', 1000),
      '取消或退款将收取 ¥10.00 手续费',
      'A ¥10.00 fee is charged on cancellation or refund.',
    ],
    [policy('refund_minus_fee', 'fixed', 0), '支持全额退款', 'Full refund available.'],
    [policy('refund_minus_fee', null, 500), '支持全额退款', 'Full refund available.'],
    [
      policy('no_refund_after_shipment'),
      '发货前可取消并全额退款，发货后不支持退款',
      'Full refund if cancelled before shipment; no refunds after shipment.',
    ],
    [policy('non_cancellable'), '该商品付款后不可取消', 'This item cannot be cancelled once paid.'],
  ])('%o', (p, zh, en) => {
    expect(describePolicy(p)).toEqual({ zh, en });
  });

  it('rejects a negative or fractional fee value', () => {
    expect(() => describePolicy(policy('refund_minus_fee', 'fixed', -1))).toThrow(RangeError);
    expect(() => describePolicy(policy('refund_minus_fee', 'percent', 1.5))).toThrow(RangeError);
  });
});

describe('cancellationFee', () => {
  it.each<[AfterSalesPolicy, number, number]>([
    [policy('full_refund'), 10000, 0],
    [policy('full_refund', 'percent', 500), 10000, 0],
    [policy('no_refund_after_shipment', 'fixed', 500), 10000, 0],
    [policy('non_cancellable'), 10000, 0],
    [policy('refund_minus_fee', 'percent', 500), 10000, 500],
    [policy('refund_minus_fee', 'percent', 500), 19, 0], // 0.95 floors to 0
    [policy('refund_minus_fee', 'percent', 333), 999, 33], // 33.2667
    [policy('refund_minus_fee', 'percent', 10000), 999, 999],
    [policy('refund_minus_fee', 'percent', 20000), 999, 999], // capped at paid
    [policy('refund_minus_fee', 'fixed', 1000), 10000, 1000],
    [policy('refund_minus_fee', 'fixed', 1000), 600, 600],
    [policy('refund_minus_fee', 'fixed', 1000), 0, 0],
    [policy('refund_minus_fee', null, 1000), 10000, 0],
    [policy('refund_minus_fee', 'percent', 9999), Number.MAX_SAFE_INTEGER, 9006298534815516],
  ])('%o on %i → %i', (p, paid, fee) => {
    expect(cancellationFee(p, paid)).toBe(fee);
  });

  it.each([-1, 1.5, Number.NaN])('rejects paid amount %s', (paid) => {
    expect(() => cancellationFee(policy('full_refund'), paid)).toThrow(RangeError);
  });

  it('rejects a bad fee value', () => {
    expect(() => cancellationFee(policy('refund_minus_fee', 'fixed', -5), 100)).toThrow(RangeError);
  });

  const anyPolicy = fc.record({
    kind: fc.constantFrom(
      'full_refund',
      'refund_minus_fee',
      'no_refund_after_shipment',
      'non_cancellable',
    ),
    feeKind: fc.constantFrom('percent', 'fixed', null),
    feeValue: fc.oneof(
      fc.integer({ min: 0, max: 20_000 }),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    ),
  }) satisfies fc.Arbitrary<AfterSalesPolicy>;
  const paid = fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  );

  it('is an integer between 0 and the amount paid', () => {
    fc.assert(
      fc.property(anyPolicy, paid, (p, amount) => {
        const fee = cancellationFee(p, amount);
        expect(Number.isSafeInteger(fee)).toBe(true);
        expect(fee).toBeGreaterThanOrEqual(0);
        expect(fee).toBeLessThanOrEqual(amount);
      }),
    );
  });

  it('matches floor(paid × bp / 10000) and min(fee, paid)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (bp, amount) => {
          const p = policy('refund_minus_fee', 'percent', bp);
          expect(cancellationFee(p, amount)).toBe(Math.floor((amount * bp) / 10_000));
          const f = policy('refund_minus_fee', 'fixed', bp);
          expect(cancellationFee(f, amount)).toBe(Math.min(bp, amount));
        },
      ),
    );
  });
});
