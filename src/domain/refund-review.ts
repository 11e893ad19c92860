// Which refunds a person looks at before money moves (C5, seed §四.2). Everything else is
// refunded automatically.

import type { AfterSalesPolicy } from './after-sales-policy.js';
import type { Standing } from './account-standing.js';
import type { CancellationSettings } from './cancellation-settings.js';
import type { Fen } from './money.js';

export type ReviewReason = 'amount' | 'standing' | 'policy';

/**
 * The policy rule: a line whose policy keeps a *fixed* fee (refund_minus_fee, feeKind 'fixed',
 * feeValue > 0). Percentage fees scale with the refund and follow the platform's usual terms;
 * a flat fee is merchant-specific and can swallow most of a cheap line's refund, so a person
 * checks it. Nothing else about a policy triggers review (non_cancellable lines never reach a
 * refund; no_refund_after_shipment refunds in full before shipment).
 */
function policyNeedsReview(policy: AfterSalesPolicy): boolean {
  return policy.kind === 'refund_minus_fee' && policy.feeKind === 'fixed' && policy.feeValue > 0;
}

export function needsReview(
  input: { totalFen: Fen; standing: Standing; lines: readonly { policy: AfterSalesPolicy }[] },
  settings: Pick<CancellationSettings, 'reviewAmountFen'>,
): { review: boolean; reasons: ReviewReason[] } {
  const reasons: ReviewReason[] = [];
  if (input.totalFen > settings.reviewAmountFen) reasons.push('amount');
  if (input.standing.level === 'review') reasons.push('standing');
  if (input.lines.some((l) => policyNeedsReview(l.policy))) reasons.push('policy');
  return { review: reasons.length > 0, reasons };
}

export const REVIEW_REASON_TEXT: Record<ReviewReason, { zh: string; en: string }> = {
  amount: { zh: '退款金额较大，需人工审核', en: 'Large refunds are reviewed by our staff.' },
  standing: {
    zh: '近期取消较为频繁，退款需人工审核',
    en: 'Refunds are reviewed after frequent recent cancellations.',
  },
  policy: {
    zh: '商品收取固定手续费，退款需人工审核',
    en: 'This item charges a fixed fee, so the refund is reviewed.',
  },
};
