// How long a refund takes to reach the customer, per channel, as real providers document it:
// balance at once, Alipay and WeChat Pay within minutes, bank cards on the next business day
// (of the 1-3 business days banks quote) on the Chinese calendar, public holidays and 调休
// make-up working days included. China has used UTC+8 without DST since 1991.
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { PaymentChannel } from './model.js';

const holidays: Readonly<Record<string, string>> = calendar.holidays;
const makeUpWorkdays: Readonly<Record<string, string>> = calendar.workdays;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Unscaled settlement delay of the wallet channels. */
export const WALLET_SETTLEMENT_MS = { alipay: 60_000, wechat: 3 * 60_000 } as const;

/** Whether the Asia/Shanghai calendar date of `at` is a working day. */
export function isShanghaiBusinessDay(at: Date): boolean {
  const shifted = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const key = shifted.toISOString().slice(0, 10);
  if (Object.hasOwn(makeUpWorkdays, key)) return true;
  if (Object.hasOwn(holidays, key)) return false;
  const weekday = shifted.getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The same Shanghai time of day on the first business day after `from`'s date. */
export function nextBusinessDaySameTime(from: Date): Date {
  let at = new Date(from.getTime() + DAY_MS);
  while (!isShanghaiBusinessDay(at)) at = new Date(at.getTime() + DAY_MS);
  return at;
}

/** When a refund on `channel` accepted at `from` arrives (unscaled, real-provider time). */
export function expectedSettlement(channel: PaymentChannel, from: Date): Date {
  switch (channel) {
    case 'balance':
      return from;
    case 'alipay':
    case 'wechat':
      return new Date(from.getTime() + WALLET_SETTLEMENT_MS[channel]);
    case 'card':
      return nextBusinessDaySameTime(from);
  }
}
