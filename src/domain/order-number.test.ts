import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { groupOrderNo, isOrderNo, makeOrderNo } from './order-number.js';

describe('makeOrderNo', () => {
  const at = new Date('2026-11-27T02:00:00Z');

  it('is 18 digits: Shanghai date, shopper suffix, 8 sequence digits', () => {
    const no = makeOrderNo(at, 1, 123456);
    expect(no).toMatch(/^\d{18}$/);
    expect(no.slice(0, 8)).toBe('20261127');
    expect(no.slice(8, 10)).toBe('56');
    expect(isOrderNo(no)).toBe(true);
  });

  it.each([
    ['2026-11-26T15:59:59.999Z', '20261126'],
    ['2026-11-26T16:00:00.000Z', '20261127'],
    ['2026-11-26T16:30:00.000Z', '20261127'],
    ['2026-12-31T16:00:00.000Z', '20270101'],
  ])('an order at %s is dated %s (Shanghai)', (iso, ymd) => {
    expect(makeOrderNo(new Date(iso), 42, 7).slice(0, 8)).toBe(ymd);
  });

  it.each([
    [0, '00'],
    [7, '07'],
    [99, '99'],
    [100, '00'],
    [123456789, '89'],
  ])('shopper %i → %s', (shopperId, suffix) => {
    expect(makeOrderNo(at, 1, shopperId).slice(8, 10)).toBe(suffix);
  });

  it('consecutive sequences do not look consecutive', () => {
    const a = Number(makeOrderNo(at, 1000, 1).slice(10));
    const b = Number(makeOrderNo(at, 1001, 1).slice(10));
    expect(Math.abs(a - b)).toBeGreaterThan(1000);
  });

  it('wraps sequence mod 1e8', () => {
    expect(makeOrderNo(at, 5, 1)).toBe(makeOrderNo(at, 100_000_005, 1));
  });

  it('distinct sequences below 1e8 give distinct numbers (bijection sample)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 99_999_999 }), { minLength: 2, maxLength: 200 }),
        (seqs) => {
          const nos = seqs.map((s) => makeOrderNo(at, s, 1));
          expect(new Set(nos).size).toBe(seqs.length);
        },
      ),
    );
  });

  it('is injective on a dense block of sequences', () => {
    const nos = new Set<string>();
    for (let s = 0; s < 100_000; s++) nos.add(makeOrderNo(at, s, 1));
    expect(nos.size).toBe(100_000);
  });

  it.each([
    [-1, 1],
    [1.5, 1],
    [1, -1],
    [1, 2.5],
    [Number.NaN, 1],
  ])('rejects sequence %s / shopper %s', (seq, shopper) => {
    expect(() => makeOrderNo(at, seq, shopper)).toThrow(RangeError);
  });

  it('rejects an invalid date', () => {
    expect(() => makeOrderNo(new Date('x'), 1, 1)).toThrow(RangeError);
  });
});

describe('isOrderNo', () => {
  it.each([
    ['202611271234567890', true],
    ['20261127123456789', false],
    ['2026112712345678901', false],
    ['2026112712345678a0', false],
    [' 202611271234567890', false],
    ['2026 1127 1234 5678 90', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isOrderNo(s)).toBe(expected);
  });
});

describe('groupOrderNo', () => {
  it.each([
    ['202611271234567890', '2026 1127 1234 5678 90'],
    ['2026 1127 1234 5678 90', '2026 1127 1234 5678 90'],
    ['12345678', '1234 5678'],
    ['', ''],
  ])('%j → %j', (s, expected) => {
    expect(groupOrderNo(s)).toBe(expected);
  });
});
