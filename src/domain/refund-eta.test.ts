import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addBusinessDays, isBusinessDay } from './business-days.js';
import { REFUND_CHANNELS } from './refund-calculation.js';
import { expectedArrival } from './refund-eta.js';

const shanghai = (isoLocal: string) => new Date(`${isoLocal}+08:00`);
const endOf = (date: string) => shanghai(`${date}T23:59:59.999`);

describe('expectedArrival: balance and wallets', () => {
  const from = shanghai('2026-10-01T09:00');

  it('balance arrives at once, even on a holiday', () => {
    expect(expectedArrival('balance', from)).toEqual({
      earliest: from,
      latest: from,
      text: { zh: '即时到账', en: 'Arrives instantly' },
    });
  });

  it.each(['alipay', 'wechat'] as const)('%s arrives within 10 minutes, even on a holiday', (c) => {
    expect(expectedArrival(c, from)).toEqual({
      earliest: from,
      latest: shanghai('2026-10-01T09:10'),
      text: { zh: '预计几分钟内到账', en: 'Expected within minutes' },
    });
  });
});

describe('expectedArrival: bank card, 1-3 business days on the Chinese calendar', () => {
  it.each([
    // [issued at (Shanghai), earliest date, latest date, zh, en]
    [
      '2026-11-27T15:00',
      '2026-11-30',
      '2026-12-02',
      '预计 11月30日 至 12月2日 到账',
      'Expected Nov 30 – Dec 2',
    ], // Fri → Mon..Wed
    [
      '2026-11-25T10:00',
      '2026-11-26',
      '2026-11-30',
      '预计 11月26日 至 11月30日 到账',
      'Expected Nov 26 – Nov 30',
    ], // over a weekend
    [
      '2026-09-30T12:00',
      '2026-10-08',
      '2026-10-10',
      '预计 10月8日 至 10月10日 到账',
      'Expected Oct 8 – Oct 10',
    ], // 国庆, then make-up Saturday 10-10
    [
      '2026-09-30T23:59',
      '2026-10-08',
      '2026-10-10',
      '预计 10月8日 至 10月10日 到账',
      'Expected Oct 8 – Oct 10',
    ],
    [
      '2026-10-01T00:30',
      '2026-10-08',
      '2026-10-10',
      '预计 10月8日 至 10月10日 到账',
      'Expected Oct 8 – Oct 10',
    ], // issued during 国庆
    [
      '2026-10-05T12:00',
      '2026-10-08',
      '2026-10-10',
      '预计 10月8日 至 10月10日 到账',
      'Expected Oct 8 – Oct 10',
    ],
    [
      '2026-09-29T18:00',
      '2026-09-30',
      '2026-10-09',
      '预计 9月30日 至 10月9日 到账',
      'Expected Sep 30 – Oct 9',
    ], // straddles 国庆
    [
      '2026-10-09T12:00',
      '2026-10-10',
      '2026-10-13',
      '预计 10月10日 至 10月13日 到账',
      'Expected Oct 10 – Oct 13',
    ], // make-up Saturday counts
    [
      '2026-10-10T12:00',
      '2026-10-12',
      '2026-10-14',
      '预计 10月12日 至 10月14日 到账',
      'Expected Oct 12 – Oct 14',
    ], // issued on the make-up Saturday
    [
      '2026-09-24T12:00',
      '2026-09-28',
      '2026-09-30',
      '预计 9月28日 至 9月30日 到账',
      'Expected Sep 28 – Sep 30',
    ], // 中秋 9-25..27
    [
      '2026-09-18T12:00',
      '2026-09-20',
      '2026-09-22',
      '预计 9月20日 至 9月22日 到账',
      'Expected Sep 20 – Sep 22',
    ], // make-up Sunday 9-20
  ])('issued %s → %s..%s', (at, earliest, latest, zh, en) => {
    expect(expectedArrival('card', shanghai(at))).toEqual({
      earliest: endOf(earliest),
      latest: endOf(latest),
      text: { zh, en },
    });
  });

  it('uses the Shanghai date, not UTC: 2026-09-30T17:00Z is already 10月1日 in Shanghai', () => {
    const eta = expectedArrival('card', new Date('2026-09-30T17:00:00Z'));
    expect(eta.earliest).toEqual(endOf('2026-10-08'));
    expect(eta.latest).toEqual(endOf('2026-10-10'));
  });

  it('always lands on business days, earliest ≤ latest, after `from`', () => {
    const from = fc.date({
      min: new Date('2025-01-01T00:00:00Z'),
      max: new Date('2026-12-20T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(from, (at) => {
        const eta = expectedArrival('card', at);
        expect(isBusinessDay(eta.earliest)).toBe(true);
        expect(isBusinessDay(eta.latest)).toBe(true);
        expect(eta.earliest.getTime()).toBeGreaterThan(at.getTime());
        expect(eta.latest.getTime()).toBeGreaterThan(eta.earliest.getTime());
        expect(eta.earliest).toEqual(addBusinessDays(at, 1));
        expect(eta.latest).toEqual(addBusinessDays(at, 3));
      }),
      { numRuns: 500 },
    );
  });

  it('every channel has both texts', () => {
    for (const c of REFUND_CHANNELS) {
      const { text } = expectedArrival(c, shanghai('2026-11-27T15:00'));
      expect(text.zh).toMatch(/到账/);
      expect(text.en).not.toBe('');
    }
  });
});
