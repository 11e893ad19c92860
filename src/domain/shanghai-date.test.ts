import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addCalendarDays, compactDate, endOfShanghaiDay, shanghaiDate } from './shanghai-date.js';

describe('shanghaiDate', () => {
  it.each([
    ['2026-11-26T15:59:59.999Z', { year: 2026, month: 11, day: 26 }],
    ['2026-11-26T16:00:00.000Z', { year: 2026, month: 11, day: 27 }],
    ['2026-11-26T16:30:00.000Z', { year: 2026, month: 11, day: 27 }],
    ['2026-12-31T16:00:00.000Z', { year: 2027, month: 1, day: 1 }],
    ['2028-02-28T16:00:00.000Z', { year: 2028, month: 2, day: 29 }],
  ])('%s is %o in Shanghai', (iso, expected) => {
    expect(shanghaiDate(new Date(iso))).toEqual(expected);
  });

  it('rejects an invalid date', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });

  it('agrees with Intl for Asia/Shanghai', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1992-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (d) => {
          expect(compactDate(shanghaiDate(d))).toBe(fmt.format(d).replaceAll('-', ''));
        },
      ),
    );
  });
});

describe('addCalendarDays', () => {
  it.each([
    [{ year: 2026, month: 9, day: 30 }, 1, { year: 2026, month: 10, day: 1 }],
    [{ year: 2026, month: 12, day: 31 }, 1, { year: 2027, month: 1, day: 1 }],
    [{ year: 2026, month: 3, day: 1 }, -1, { year: 2026, month: 2, day: 28 }],
    [{ year: 2026, month: 3, day: 1 }, 0, { year: 2026, month: 3, day: 1 }],
  ])('%o + %i = %o', (d, n, expected) => {
    expect(addCalendarDays(d, n)).toEqual(expected);
  });
});

describe('endOfShanghaiDay', () => {
  it.each([
    [{ year: 2026, month: 10, day: 8 }, '2026-10-08T15:59:59.999Z'],
    [{ year: 2027, month: 1, day: 1 }, '2027-01-01T15:59:59.999Z'],
  ])('%o ends at %s', (d, iso) => {
    expect(endOfShanghaiDay(d).toISOString()).toBe(iso);
  });
});

describe('compactDate', () => {
  it('pads month and day', () => {
    expect(compactDate({ year: 2026, month: 1, day: 5 })).toBe('20260105');
  });
});
