import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { AfterSalesPolicy } from './after-sales-policy.js';
import { standingOf } from './account-standing.js';
import { DEFAULT_CANCELLATION_SETTINGS as S } from './cancellation-settings.js';
import { needsReview, REVIEW_REASON_TEXT, type ReviewReason } from './refund-review.js';

const FULL: AfterSalesPolicy = { kind: 'full_refund', feeKind: null, feeValue: 0 };
const PCT: AfterSalesPolicy = { kind: 'refund_minus_fee', feeKind: 'percent', feeValue: 500 };
const FIXED: AfterSalesPolicy = { kind: 'refund_minus_fee', feeKind: 'fixed', feeValue: 1000 };
const FIXED_ZERO: AfterSalesPolicy = { kind: 'refund_minus_fee', feeKind: 'fixed', feeValue: 0 };
const NRAS: AfterSalesPolicy = { kind: 'no_refund_after_shipment', feeKind: null, feeValue: 0 };

describe('needsReview', () => {
  it.each<[string, number, number, AfterSalesPolicy[], ReviewReason[]]>([
    ['small, good standing, full refund', 10_000, 0, [FULL], []],
    ['exactly ¥2000', 200_000, 0, [FULL], []],
    ['above ¥2000', 200_001, 0, [FULL], ['amount']],
    ['warned standing is not enough', 10_000, 3, [FULL], []],
    ['review standing', 10_000, 5, [FULL], ['standing']],
    ['percent fee', 10_000, 0, [PCT], []],
    ['no refund after shipment', 10_000, 0, [NRAS], []],
    ['fixed fee', 10_000, 0, [FULL, FIXED], ['policy']],
    ['fixed fee of zero', 10_000, 0, [FIXED_ZERO], []],
    ['fixed value on a full-refund policy', 10_000, 0, [{ ...FIXED, kind: 'full_refund' }], []],
    ['everything', 300_000, 7, [FIXED], ['amount', 'standing', 'policy']],
    ['no lines', 0, 0, [], []],
  ])('%s', (_name, totalFen, count, policies, reasons) => {
    const r = needsReview(
      { totalFen, standing: standingOf(count, S), lines: policies.map((policy) => ({ policy })) },
      S,
    );
    expect(r).toEqual({ review: reasons.length > 0, reasons });
  });

  it('follows the configured amount', () => {
    const r = needsReview(
      { totalFen: 5_001, standing: standingOf(0, S), lines: [] },
      {
        ...S,
        reviewAmountFen: 5_000,
      },
    );
    expect(r.reasons).toEqual(['amount']);
  });

  it('reviews exactly when some reason applies', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(10), fc.boolean(), (totalFen, count, fixed) => {
        const r = needsReview(
          { totalFen, standing: standingOf(count, S), lines: [{ policy: fixed ? FIXED : FULL }] },
          S,
        );
        expect(r.review).toBe(totalFen > 200_000 || count >= 5 || fixed);
        expect(r.review).toBe(r.reasons.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('every reason has text', () => {
    for (const t of Object.values(REVIEW_REASON_TEXT)) expect(t.zh && t.en).toBeTruthy();
  });
});
