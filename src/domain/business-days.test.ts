import { describe, it, expect } from 'vitest';
import chineseDays from 'chinese-days';
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addBusinessDays, BUSINESS_CALENDAR_COVERS_UNTIL, isBusinessDay } from './business-days.js';

// 2026 arrangement as shipped in chinese-days 1.5.x (source cited there:
// https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm). Pinning the package's data
// here makes a data change fail loudly instead of silently moving refund ETAs.
describe('chinese-days 2026 data', () => {
  it.each([
    ['2026-09-20', true, 'National Day'], // Sunday make-up working day
    ['2026-09-25', false, 'Mid-autumn Festival'],
    ['2026-09-27', false, 'Mid-autumn Festival'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'National Day'],
    ['2026-10-10', true, 'National Day'], // Saturday make-up working day
    ['2026-02-14', true, 'Spring Festival'], // Saturday make-up working day
    ['2026-02-15', false, 'Spring Festival'],
    ['2026-02-23', false, 'Spring Festival'],
    ['2026-02-28', true, 'Spring Festival'],
    ['2026-01-04', true, "New Year's Day"],
  ])('%s work=%s (%s)', (date, work, name) => {
    const table: Record<string, string> = work ? calendar.workdays : calendar.holidays;
    expect(table[date]).toContain(name);
  });

  it('covers 2026', () => {
    expect(BUSINESS_CALENDAR_COVERS_UNTIL >= '2026-10-10').toBe(true);
  });

  // chinese-days' own isWorkday is only right on hosts at or east of UTC; there it must agree.
  it.skipIf(new Date(2026, 0, 1).getTimezoneOffset() > 0)(
    'agrees with chinese-days isWorkday for every day of 2025-2026',
    () => {
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
        const utc = new Date(t);
        const local = new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate(), 12);
        // Noon Shanghai of the same calendar date.
        expect(isBusinessDay(new Date(t + 4 * 3_600_000))).toBe(chineseDays.isWorkday(local));
      }
    },
  );
});

const shanghai = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

describe('isBusinessDay', () => {
  it.each([
    ['2026-09-30T12:00', true], // Wednesday before 国庆
    ['2026-10-01T12:00', false], // 国庆
    ['2026-10-08T12:00', true], // first working day after 国庆
    ['2026-10-10T12:00', true], // make-up Saturday
    ['2026-10-11T12:00', false], // ordinary Sunday
    ['2026-09-20T12:00', true], // make-up Sunday
    ['2026-11-27T12:00', true], // ordinary Friday
    ['2026-11-28T12:00', false], // ordinary Saturday
    ['2026-10-01T00:00', false], // Shanghai midnight: already the holiday
    ['2026-09-30T23:59', true],
  ])('%s Shanghai → %s', (local, expected) => {
    expect(isBusinessDay(shanghai(local))).toBe(expected);
  });

  it('uses the Shanghai date, not UTC: 2026-09-30T16:30Z is 10-01 in Shanghai', () => {
    expect(isBusinessDay(new Date('2026-09-30T16:30:00Z'))).toBe(false);
  });
});

describe('addBusinessDays', () => {
  it.each([
    // 国庆: the day before the holiday + 1 skips 10-01..10-07 and lands on Thursday 10-08.
    ['2026-09-30T10:00', 1, '2026-10-08T23:59:59.999+08:00'],
    ['2026-09-30T10:00', 2, '2026-10-09T23:59:59.999+08:00'],
    // The make-up Saturday 10-10 counts.
    ['2026-09-30T10:00', 3, '2026-10-10T23:59:59.999+08:00'],
    ['2026-10-09T10:00', 1, '2026-10-10T23:59:59.999+08:00'],
    ['2026-10-09T10:00', 2, '2026-10-12T23:59:59.999+08:00'],
    // A refund during the holiday counts from the first working day.
    ['2026-10-03T10:00', 1, '2026-10-08T23:59:59.999+08:00'],
    // Make-up Sunday 09-20 counts; 中秋 09-25..27 does not.
    ['2026-09-19T10:00', 1, '2026-09-20T23:59:59.999+08:00'],
    ['2026-09-24T10:00', 1, '2026-09-28T23:59:59.999+08:00'],
    // 春节: make-up Saturday 02-14, then holiday to 02-23.
    ['2026-02-13T10:00', 1, '2026-02-14T23:59:59.999+08:00'],
    ['2026-02-14T10:00', 1, '2026-02-24T23:59:59.999+08:00'],
    // Ordinary weekend.
    ['2026-11-27T10:00', 1, '2026-11-30T23:59:59.999+08:00'],
    ['2026-11-27T10:00', 3, '2026-12-02T23:59:59.999+08:00'],
    // n = 0: end of today if a business day, else of the next one.
    ['2026-11-27T10:00', 0, '2026-11-27T23:59:59.999+08:00'],
    ['2026-11-28T10:00', 0, '2026-11-30T23:59:59.999+08:00'],
    ['2026-10-01T10:00', 0, '2026-10-08T23:59:59.999+08:00'],
  ])('%s Shanghai + %i → %s', (local, n, expected) => {
    expect(addBusinessDays(shanghai(local), n).getTime()).toBe(new Date(expected).getTime());
  });

  it('counts from the Shanghai date: 2026-09-30T16:30Z (10-01 Shanghai) + 1 → 10-08', () => {
    expect(addBusinessDays(new Date('2026-09-30T16:30:00Z'), 1).toISOString()).toBe(
      '2026-10-08T15:59:59.999Z',
    );
  });

  it.each([-1, 1.5, Number.NaN])('rejects n = %s', (n) => {
    expect(() => addBusinessDays(new Date(), n)).toThrow(RangeError);
  });
});
