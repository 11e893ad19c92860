// How a refund reads on every page: status tag, where the money goes, when it should arrive,
// and the sentences behind failure and review codes.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RefundDetail } from '../../contracts/index.js';
import { GOODWILL_REASONS } from '../../domain/staff-refund-plan.js';
import { Tag, type TagColor } from '../lite/Tag.js';
import { shanghaiParts } from './format.js';

type Status = RefundDetail['status'];

export const REFUND_STATUS_COLORS: Record<Status, TagColor> = {
  pending_review: 'gold',
  approved: 'blue',
  processing: 'processing',
  succeeded: 'success',
  rejected: 'default',
  failed: 'error',
};

const EN_MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

export function RefundStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = REFUND_STATUS_COLORS[status as Status] ?? 'default';
  return <Tag color={color}>{t(`refund.status.${status}`, { defaultValue: status })}</Tag>;
}

/** 原路退回 微信支付 / B特派余额 / 招商银行（****1234）. */
export function refundDestinationText(
  r: Pick<RefundDetail, 'destination' | 'channel'>,
  t: TFunction,
): string {
  const d = r.destination;
  if (d.type === 'balance') return t('refund.toBalance');
  // The server masks the number (************5678): the last four digits are enough to read.
  if (d.type === 'bank_account')
    return t('refund.toBank', { bank: d.bank, last4: d.accountNo.replace(/\*/g, '').slice(-4) });
  return t('refund.original', { channel: t(`channel.${r.channel}`, { defaultValue: r.channel }) });
}

function dateText(iso: string, t: TFunction): string {
  const p = shanghaiParts(iso);
  if (!p) return iso;
  return t('refund.dateFmt', { month: p.month, monthName: EN_MONTHS[p.month - 1], day: p.day });
}

/** 预计 x 到账, in Asia/Shanghai: one day shows the times, several days show the dates. */
export function expectedArrivalText(earliest: string, latest: string, t: TFunction): string {
  const a = shanghaiParts(earliest);
  const b = shanghaiParts(latest);
  if (!a || !b) return '';
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  if (sameDay && a.time === b.time)
    return t('refund.expectedSameTime', { date: dateText(latest, t), time: b.time });
  if (sameDay)
    return t('refund.expectedSameDay', { date: dateText(latest, t), from: a.time, to: b.time });
  return t('refund.expectedDays', { from: dateText(earliest, t), to: dateText(latest, t) });
}

/** 原支付账户已注销 … for a provider's failure code; unknown codes fall back to a sentence. */
export function failureText(code: string | null | undefined, t: TFunction): string {
  return t(`refund.failure.${code ?? 'unknown'}`, {
    defaultValue: t('refund.failure.unknown'),
  });
}

/** A 补偿's reason in words (发货或物流延误 …); '' when there is none. */
export function goodwillReasonText(code: string | null | undefined, en: boolean): string {
  if (!code) return '';
  const reason = GOODWILL_REASONS.find((r) => r.code === code);
  return reason ? (en ? reason.en : reason.zh) : code;
}

/** 金额超过审核线 / 账户信誉 / 商品政策. */
export function reviewReasonText(code: string, t: TFunction): string {
  return t(`refund.review.${code}`, { defaultValue: code });
}
