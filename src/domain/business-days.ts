// Chinese business days (public holidays and make-up working days 调休), in Asia/Shanghai.
// Used for refund ETAs such as "1-3 business days".
//
// We read chinese-days' published data file rather than calling its isWorkday(): that function
// reads dates with host-local getters and builds its own tables the same way, so on a server
// with a negative UTC offset every holiday shifts by a day.
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  addCalendarDays,
  endOfShanghaiDay,
  shanghaiDate,
  type CalendarDate,
} from './shanghai-date.js';

const holidays: Readonly<Record<string, string>> = calendar.holidays;
const makeUpWorkdays: Readonly<Record<string, string>> = calendar.workdays;

function key(d: CalendarDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function isWorkingDate(d: CalendarDate): boolean {
  const k = key(d);
  if (Object.hasOwn(makeUpWorkdays, k)) return true;
  if (Object.hasOwn(holidays, k)) return false;
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** Whether the Shanghai calendar date of `date` is a working day. */
export function isBusinessDay(date: Date): boolean {
  return isWorkingDate(shanghaiDate(date));
}

/**
 * The end (23:59:59.999 Shanghai) of the n-th business day after the Shanghai date of `from`.
 * n = 0 means the end of `from`'s own day if it is a business day, else of the next one.
 */
export function addBusinessDays(from: Date, n: number): Date {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`business days must be a non-negative integer: ${n}`);
  }
  let day = shanghaiDate(from);
  let remaining = n;
  if (remaining === 0 && !isWorkingDate(day)) remaining = 1;
  while (remaining > 0) {
    day = addCalendarDays(day, 1);
    if (isWorkingDate(day)) remaining--;
  }
  return endOfShanghaiDay(day);
}

/** The last date the holiday data covers ("YYYY-MM-DD"); later years count weekends only. */
export const BUSINESS_CALENDAR_COVERS_UNTIL: string = [
  ...Object.keys(holidays),
  ...Object.keys(makeUpWorkdays),
].reduce((a, b) => (b > a ? b : a), '');
