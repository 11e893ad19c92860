// Calendar dates in Asia/Shanghai. China has had a fixed UTC+8 offset with no DST since 1991,
// so plain offset arithmetic is exact and does not depend on the host's time zone or ICU data.

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CalendarDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

/** The Shanghai calendar date that instant `at` falls on. */
export function shanghaiDate(at: Date): CalendarDate {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid date');
  const shifted = new Date(t + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The calendar date `n` days after `d` (n may be negative). */
export function addCalendarDays(d: CalendarDate, n: number): CalendarDate {
  const shifted = new Date(Date.UTC(d.year, d.month - 1, d.day) + n * DAY_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The last millisecond of Shanghai calendar date `d` (23:59:59.999 +08:00), as an instant. */
export function endOfShanghaiDay(d: CalendarDate): Date {
  return new Date(Date.UTC(d.year, d.month - 1, d.day) + DAY_MS - 1 - OFFSET_MS);
}

/** "yyyyMMdd" of a calendar date. */
export function compactDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}`;
}
