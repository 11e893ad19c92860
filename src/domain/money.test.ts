import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { assertFen, formatYuan, prorate } from './money.js';

describe('prorate', () => {
  it.each([
    { total: 100, weights: [1, 1, 1], expected: [34, 33, 33] },
    { total: 100, weights: [1, 2], expected: [33, 67] },
    { total: 10, weights: [3, 3, 3, 1], expected: [3, 3, 3, 1] },
    { total: 1000, weights: [2500, 7500], expected: [250, 750] },
    { total: 7, weights: [0, 5, 0], expected: [0, 7, 0] },
    { total: 5, weights: [0, 0, 0], expected: [2, 2, 1] },
    { total: 0, weights: [3, 4], expected: [0, 0] },
    { total: 0, weights: [], expected: [] },
    { total: 2, weights: [1, 1, 1], expected: [1, 1, 0] },
    { total: 1, weights: [1, 1, 2], expected: [0, 0, 1] },
    { total: 999, weights: [333, 333, 334], expected: [333, 333, 333] },
    {
      total: Number.MAX_SAFE_INTEGER,
      weights: [1, 1],
      expected: [4503599627370496, 4503599627370495],
    },
  ])('prorate($total, $weights) = $expected', ({ total, weights, expected }) => {
    expect(prorate(total, weights)).toEqual(expected);
  });

  it.each([
    { total: -1, weights: [1] },
    { total: 1.5, weights: [1] },
    { total: 10, weights: [1, -1] },
    { total: 10, weights: [0.5] },
    { total: 10, weights: [] },
    { total: Number.NaN, weights: [1] },
  ])('throws RangeError for prorate($total, $weights)', ({ total, weights }) => {
    expect(() => prorate(total, weights)).toThrow(RangeError);
  });

  const fen = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
  const smallFen = fc.integer({ min: 0, max: 10_000_000 });
  const input = fc.tuple(
    fc.oneof(fen, smallFen),
    fc.array(fc.oneof(fen, smallFen, fc.constant(0)), { minLength: 1, maxLength: 12 }),
  );

  it('parts sum to total, each 0 ≤ part ≤ total', () => {
    fc.assert(
      fc.property(input, ([total, weights]) => {
        const parts = prorate(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        for (const p of parts) {
          expect(Number.isSafeInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(total);
        }
      }),
    );
  });

  it('a zero weight gets zero when some weight is positive', () => {
    fc.assert(
      fc.property(input, ([total, weights]) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = prorate(total, weights);
        weights.forEach((w, i) => {
          if (w === 0) expect(parts[i]).toBe(0);
        });
      }),
    );
  });

  it('is deterministic and breaks ties by lower index', () => {
    fc.assert(
      fc.property(input, ([total, weights]) => {
        expect(prorate(total, weights)).toEqual(prorate(total, [...weights]));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 20 }), (t, n) => {
        // Equal weights: the first (t mod n) parts get the extra unit.
        const parts = prorate(
          t,
          Array.from({ length: n }, () => 7),
        );
        const base = Math.floor(t / n);
        parts.forEach((p, i) => expect(p).toBe(i < t % n ? base + 1 : base));
      }),
    );
  });

  it('each part is within 1 of its exact share', () => {
    fc.assert(
      fc.property(smallFen, fc.array(smallFen, { minLength: 1, maxLength: 8 }), (t, ws) => {
        fc.pre(ws.some((w) => w > 0));
        const sum = ws.reduce((a, b) => a + b, 0);
        prorate(t, ws).forEach((p, i) => {
          const exact = (t * (ws[i] ?? 0)) / sum;
          expect(Math.abs(p - exact)).toBeLessThan(1);
        });
      }),
    );
  });
});

describe('formatYuan', () => {
  it.each([
    [12345, '¥123.45'],
    [-5, '-¥0.05'],
    [0, '¥0.00'],
    [1, '¥0.01'],
    [100, '¥1.00'],
    [1000, '¥10.00'],
    [-12345, '-¥123.45'],
    [123456789, '¥1234567.89'],
  ])('%i → %s', (fen, expected) => {
    expect(formatYuan(fen)).toBe(expected);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws for %s', (n) => {
    expect(() => formatYuan(n)).toThrow(RangeError);
  });
});

describe('assertFen', () => {
  it.each([0, 1, 12345, Number.MAX_SAFE_INTEGER])('accepts %s', (n) => {
    expect(assertFen(n)).toBe(n);
  });

  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    'rejects %s',
    (n) => {
      expect(() => assertFen(n)).toThrow(RangeError);
    },
  );
});
