import { describe, expect, it } from 'vitest';
import { everyDay, isOpenAt, shanghaiWeekMinute, validDayHours } from './support-hours.js';

describe('service hours in Shanghai', () => {
  it('uses Shanghai time whatever the instant is written in', () => {
    // 2026-11-26 is a Thursday; 01:30 UTC is 09:30 in Shanghai.
    expect(shanghaiWeekMinute(new Date('2026-11-26T01:30:00Z'))).toEqual({
      weekday: 3,
      minute: 570,
    });
    // 20:00 UTC Sunday is 04:00 Monday in Shanghai.
    expect(shanghaiWeekMinute(new Date('2026-11-29T20:00:00Z')).weekday).toBe(0);
  });

  it('is open from the opening minute up to, not including, the closing minute', () => {
    const hours = everyDay('09:00', '21:00');
    expect(isOpenAt(hours, new Date('2026-11-26T00:59:00Z'))).toBe(false); // 08:59
    expect(isOpenAt(hours, new Date('2026-11-26T01:00:00Z'))).toBe(true); // 09:00
    expect(isOpenAt(hours, new Date('2026-11-26T12:59:00Z'))).toBe(true); // 20:59
    expect(isOpenAt(hours, new Date('2026-11-26T13:00:00Z'))).toBe(false); // 21:00
  });

  it('is closed all day on a day without hours, and 24:00 means until midnight', () => {
    const hours = everyDay('00:00', '24:00');
    hours[6] = null; // Sunday
    expect(isOpenAt(hours, new Date('2026-11-28T15:59:00Z'))).toBe(true); // Sat 23:59
    expect(isOpenAt(hours, new Date('2026-11-29T04:00:00Z'))).toBe(false); // Sun 12:00
  });

  it('rejects hours that close before they open or are malformed', () => {
    expect(validDayHours({ open: '09:00', close: '21:00' })).toBe(true);
    expect(validDayHours({ open: '21:00', close: '09:00' })).toBe(false);
    expect(validDayHours({ open: '9:00', close: '21:00' })).toBe(false);
    expect(validDayHours({ open: '00:00', close: '24:00' })).toBe(true);
  });
});
