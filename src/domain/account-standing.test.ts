import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  describeStanding,
  standingAfterOneMore,
  standingOf,
  standingWindowStart,
  type Standing,
} from './account-standing.js';
import { DEFAULT_CANCELLATION_SETTINGS as S } from './cancellation-settings.js';

describe('standingOf (warn at 3, review at 5)', () => {
  it.each<[number, Standing['level']]>([
    [0, 'good'],
    [1, 'good'],
    [2, 'good'],
    [3, 'warned'],
    [4, 'warned'],
    [5, 'review'],
    [6, 'review'],
    [100, 'review'],
  ])('%i → %s', (count, level) => {
    expect(standingOf(count, S)).toEqual({ count, level });
  });

  it('review wins when thresholds are inverted', () => {
    const inverted = { ...S, standingWarnAt: 5, standingReviewAt: 3 };
    expect(standingOf(3, inverted).level).toBe('review');
    expect(standingOf(2, inverted).level).toBe('good');
  });

  it.each([-1, 1.5, Number.NaN])('rejects %d', (n) => {
    expect(() => standingOf(n, S)).toThrow(RangeError);
  });
});

describe('standingAfterOneMore', () => {
  it.each<[number, Standing['level'], Standing['level'], 'warn' | 'review' | null]>([
    [0, 'good', 'good', null],
    [1, 'good', 'good', null],
    [2, 'good', 'warned', 'warn'],
    [3, 'warned', 'warned', null],
    [4, 'warned', 'review', 'review'],
    [5, 'review', 'review', null],
    [9, 'review', 'review', null],
  ])('%i cancellations so far', (count, before, after, crosses) => {
    expect(standingAfterOneMore(count, S)).toEqual({
      before: { count, level: before },
      after: { count: count + 1, level: after },
      crosses,
    });
  });

  it('jumps straight to review when both thresholds are equal', () => {
    const same = { ...S, standingWarnAt: 2, standingReviewAt: 2 };
    expect(standingAfterOneMore(1, same).crosses).toBe('review');
  });

  it('crosses exactly once per threshold for any settings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (w, r) => {
        const s = { ...S, standingWarnAt: w, standingReviewAt: r };
        const crossings = Array.from({ length: 25 }, (_, n) => standingAfterOneMore(n, s).crosses);
        expect(crossings.filter((c) => c === 'review')).toHaveLength(1);
        expect(crossings.filter((c) => c === 'warn')).toHaveLength(w < r ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('describeStanding', () => {
  it.each<[number, string, string]>([
    [
      0,
      '近 30 天取消 0 次。账户信誉良好。',
      'You have cancelled 0 times in the last 30 days. Your account is in good standing.',
    ],
    [
      1,
      '近 30 天取消 1 次。账户信誉良好。',
      'You have cancelled once in the last 30 days. Your account is in good standing.',
    ],
    [
      3,
      '近 30 天取消 3 次。频繁取消可能影响账户信誉；达到 5 次后，退款需人工审核。您仍可正常下单。',
      'You have cancelled 3 times in the last 30 days. Frequent cancelling may affect your account standing; from 5 cancellations, refunds need a manual review. You can still place orders as usual.',
    ],
    [
      5,
      '近 30 天取消 5 次。取消较为频繁，之后的退款需人工审核，到账可能稍慢。您仍可正常下单。',
      'You have cancelled 5 times in the last 30 days. Because of frequent cancelling, your refunds now need a manual review and may take a little longer. You can still place orders as usual.',
    ],
  ])('%i', (count, zh, en) => {
    expect(describeStanding(standingOf(count, S), S)).toEqual({ zh, en });
  });

  it('follows the configured window and threshold', () => {
    const s = { ...S, standingWindowDays: 7, standingWarnAt: 2, standingReviewAt: 4 };
    expect(describeStanding(standingOf(2, s), s).zh).toBe(
      '近 7 天取消 2 次。频繁取消可能影响账户信誉；达到 4 次后，退款需人工审核。您仍可正常下单。',
    );
  });
});

describe('standingWindowStart', () => {
  it('is standingWindowDays before now', () => {
    expect(standingWindowStart(S, new Date('2026-11-28T00:00:00Z')).toISOString()).toBe(
      '2026-10-29T00:00:00.000Z',
    );
  });
});
