// Operator-editable knobs for cancellation, refund review and account standing (C4, C5, C9).
// Stored by the server; these defaults seed a fresh installation and every pure rule takes the
// settings as an argument, so tests and the operations console see the same behaviour.

import type { DomainErrorCode } from './errors.js';

export interface CancellationReason {
  code: string;
  zh: string;
  en: string;
  /** 其他: the shopper must describe the reason in their own words. */
  needsText: boolean;
}

export interface CancellationSettings {
  /** After payment, cancelling is instant and fee-free for this long, even while preparing. */
  freeCancelWindowMinutes: number;
  /** The merchant must answer a 申请取消 within this; no answer in time = approved. */
  requestSlaHours: number;
  /** The reasons a shopper picks from, in display order. */
  reasons: CancellationReason[];
  /** Refunds strictly above this amount go to 待审核. */
  reviewAmountFen: number;
  /** Cancellations in the rolling window at which the shopper is warned. */
  standingWarnAt: number;
  /** Cancellations in the rolling window from which refunds need review. */
  standingReviewAt: number;
  standingWindowDays: number;
  /** Days after delivery (or shipment) in which 仅退款 / 退货退款 may be requested. */
  afterSalesDays: number;
  /** Staff should decide a refund in 待审核 within this (the SLA dashboard measures it). */
  refundReviewSlaHours: number;
  /** 价保 may be asked for this many days after payment. */
  priceProtectionDays: number;
  /** 价保 and 补偿 strictly above this go to 待审核. */
  staffRefundReviewAmountFen: number;
}

/** The seed's five reasons (§三) plus 其他 with free text. */
export const DEFAULT_CANCELLATION_REASONS: readonly CancellationReason[] = [
  {
    code: 'changed_mind',
    zh: '不想要了/改变主意',
    en: 'Changed my mind / no longer needed',
    needsText: false,
  },
  {
    code: 'info_mismatch',
    zh: '商品信息不符',
    en: 'Item details do not match the listing',
    needsText: false,
  },
  { code: 'logistics_delay', zh: '物流延误', en: 'Delivery is taking too long', needsText: false },
  { code: 'price', zh: '价格因素', en: 'Found a better price', needsText: false },
  { code: 'personal', zh: '个人原因', en: 'Personal reasons', needsText: false },
  { code: 'other', zh: '其他', en: 'Other', needsText: true },
];

export const DEFAULT_CANCELLATION_SETTINGS: CancellationSettings = {
  freeCancelWindowMinutes: 30,
  requestSlaHours: 24,
  reasons: DEFAULT_CANCELLATION_REASONS.map((r) => ({ ...r })),
  reviewAmountFen: 200_000,
  standingWarnAt: 3,
  standingReviewAt: 5,
  standingWindowDays: 30,
  afterSalesDays: 7,
  refundReviewSlaHours: 24,
  priceProtectionDays: 7,
  staffRefundReviewAmountFen: 50_000,
};

/** Longest reason text, in characters (code points) after trimming. */
export const CANCEL_REASON_TEXT_MAX = 200;

/** The text as stored: trimmed, or null when blank or absent. */
export function normalizeReasonText(text: string | undefined | null): string | null {
  const t = (text ?? '').trim();
  return t === '' ? null : t;
}

/**
 * null when `code` names a configured reason and `text` suits it. Text is required (1-200
 * characters after trimming) when the reason needs it; optional otherwise, but never longer
 * than 200 characters.
 */
export function validateReason(
  settings: CancellationSettings,
  code: string,
  text: string | undefined,
): DomainErrorCode | null {
  const reason = settings.reasons.find((r) => r.code === code);
  if (reason === undefined) return 'CANCEL_REASON_INVALID';
  const t = normalizeReasonText(text);
  if (t === null) return reason.needsText ? 'CANCEL_REASON_TEXT_REQUIRED' : null;
  if ([...t].length > CANCEL_REASON_TEXT_MAX) return 'CANCEL_REASON_TEXT_TOO_LONG';
  return null;
}

/** The deadline of a 申请取消 made at `requestedAt`. */
export function requestSlaDeadline(settings: CancellationSettings, requestedAt: Date): Date {
  return new Date(requestedAt.getTime() + settings.requestSlaHours * 3_600_000);
}
