// Service hours of a support channel (hotline, online chat), per weekday in Asia/Shanghai.
// China keeps a fixed UTC+8 offset, so offset arithmetic is exact on any host.

const OFFSET_MS = 8 * 60 * 60 * 1000;

/** "HH:MM", 00:00-24:00. */
export type ClockTime = string;

/** Open from `open` to `close` on one weekday; close 24:00 means until midnight. */
export interface DayHours {
  open: ClockTime;
  close: ClockTime;
}

/** Index 0 = Monday … 6 = Sunday; null = closed all day. */
export type WeeklyHours = (DayHours | null)[];

export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function minutesOf(t: ClockTime): number {
  const [h, m] = t.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Monday-based weekday (0-6) and minute of the day at instant `at`, in Shanghai. */
export function shanghaiWeekMinute(at: Date): { weekday: number; minute: number } {
  const shifted = new Date(at.getTime() + OFFSET_MS);
  return {
    weekday: (shifted.getUTCDay() + 6) % 7,
    minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** A day's hours make sense: well-formed times, opening before closing. */
export function validDayHours(d: DayHours): boolean {
  return (
    CLOCK_TIME.test(d.open) && CLOCK_TIME.test(d.close) && minutesOf(d.open) < minutesOf(d.close)
  );
}

/** Whether the channel is open at instant `at`. */
export function isOpenAt(hours: WeeklyHours, at: Date): boolean {
  const { weekday, minute } = shanghaiWeekMinute(at);
  const day = hours[weekday];
  if (!day) return false;
  return minute >= minutesOf(day.open) && minute < minutesOf(day.close);
}

/** Every day the same hours: the usual default. */
export function everyDay(open: ClockTime, close: ClockTime): WeeklyHours {
  return Array.from({ length: 7 }, () => ({ open, close }));
}
