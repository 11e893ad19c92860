import type { CouponView } from '../../../contracts/coupons.js';
import type { CouponTerms } from '../../../domain/coupons.js';
import { formatYuan } from '../../../domain/money.js';
import type { coupons } from '../../platform/db/schema/index.js';

export type CouponRow = typeof coupons.$inferSelect;

/** The terms in words, as a coupon card shows them: 满100减20 / 9折 最多减10元. */
export function termsText(t: CouponTerms): { zh: string; en: string } {
  const over = t.thresholdFen > 0;
  if (t.kind === 'amount_off') {
    const off = formatYuan(t.amountOffFen);
    return over
      ? {
          zh: `满${formatYuan(t.thresholdFen)}减${off}`,
          en: `${off} off ${formatYuan(t.thresholdFen)} or more`,
        }
      : { zh: `无门槛减${off}`, en: `${off} off` };
  }
  // 10% off is 9折, 15% off 8.5折.
  const zhore = String((100 - t.percentOff) / 10);
  const cap = t.capFen === null ? null : formatYuan(t.capFen);
  const zh = `${over ? `满${formatYuan(t.thresholdFen)}` : ''}${zhore}折${cap ? ` 最多减${cap}` : ''}`;
  const en = `${t.percentOff}% off${over ? ` ${formatYuan(t.thresholdFen)} or more` : ''}${cap ? `, up to ${cap}` : ''}`;
  return { zh, en };
}

export function termsOf(row: CouponRow): CouponTerms {
  return {
    scope: row.scope,
    shopId: row.shopId,
    kind: row.kind,
    thresholdFen: row.thresholdFen,
    amountOffFen: row.amountOffFen,
    percentOff: row.percentOff,
    capFen: row.capFen,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  };
}

export function couponView(row: CouponRow): CouponView {
  return {
    id: row.id,
    scope: row.scope,
    shopId: row.shopId,
    title: row.title,
    titleEn: row.titleEn,
    kind: row.kind,
    thresholdFen: row.thresholdFen,
    amountOffFen: row.amountOffFen,
    percentOff: row.percentOff,
    capFen: row.capFen,
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil.toISOString(),
    terms: termsText(termsOf(row)),
  };
}
