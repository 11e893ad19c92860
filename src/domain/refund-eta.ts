// When a refund is expected to arrive, by channel (C5, seed §四.3): balance at once, Alipay and
// WeChat within minutes, bank cards in 1-3 business days on the Chinese calendar (holidays and
// 调休 make-up working days included), with dates shown in Asia/Shanghai.

import { addBusinessDays } from './business-days.js';
import type { RefundChannel } from './refund-calculation.js';
import { shanghaiDate } from './shanghai-date.js';

export interface RefundEta {
  earliest: Date;
  latest: Date;
  text: { zh: string; en: string };
}

/** How long an Alipay / WeChat refund may take before it counts as late. */
export const WALLET_REFUND_MINUTES = 10;
export const CARD_REFUND_BUSINESS_DAYS = { min: 1, max: 3 } as const;

const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

function zhDate(at: Date): string {
  const d = shanghaiDate(at);
  return `${d.month}月${d.day}日`;
}

function enDate(at: Date): string {
  const d = shanghaiDate(at);
  return `${EN_MONTHS[d.month - 1] ?? ''} ${d.day}`;
}

/**
 * The expected arrival window of a refund issued at `from`. For cards, earliest and latest are
 * the ends (23:59:59.999 Shanghai) of the 1st and 3rd business days after `from`'s date.
 */
export function expectedArrival(channel: RefundChannel, from: Date): RefundEta {
  switch (channel) {
    case 'balance':
      return {
        earliest: from,
        latest: from,
        text: { zh: '即时到账', en: 'Arrives instantly' },
      };
    case 'alipay':
    case 'wechat':
      return {
        earliest: from,
        latest: new Date(from.getTime() + WALLET_REFUND_MINUTES * 60_000),
        text: { zh: '预计几分钟内到账', en: 'Expected within minutes' },
      };
    case 'card': {
      const earliest = addBusinessDays(from, CARD_REFUND_BUSINESS_DAYS.min);
      const latest = addBusinessDays(from, CARD_REFUND_BUSINESS_DAYS.max);
      return {
        earliest,
        latest,
        text: {
          zh: `预计 ${zhDate(earliest)} 至 ${zhDate(latest)} 到账`,
          en: `Expected ${enDate(earliest)} – ${enDate(latest)}`,
        },
      };
    }
  }
}
