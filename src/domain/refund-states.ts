// Refund lifecycle as data: 待审核 → 已批准 → 退款中 → 已到账, or 已拒绝 / 退款失败.
// A failed refund goes back to review when the shopper names a new destination.

export const REFUND_STATUSES = [
  'pending_review',
  'approved',
  'processing',
  'succeeded',
  'rejected',
  'failed',
] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export type RefundAction =
  | 'approve'
  | 'reject'
  | 'submit'
  | 'provider_processing'
  | 'provider_succeeded'
  | 'provider_failed'
  | 'new_destination'
  /** A re-issue the channel cannot send where the shopper asked: staff pay it (refund-reissue.ts). */
  | 'staff_payout'
  /** Staff recorded their transfer of a staff payout. */
  | 'staff_paid';

/** Which statuses each action may start from, and where it leads. */
export const REFUND_TRANSITIONS: Readonly<
  Record<RefundAction, { from: readonly RefundStatus[]; to: RefundStatus }>
> = {
  approve: { from: ['pending_review'], to: 'approved' },
  reject: { from: ['pending_review'], to: 'rejected' },
  submit: { from: ['approved'], to: 'processing' },
  // The provider's word may arrive before our own record of the submission, hence 'approved'.
  provider_processing: { from: ['approved'], to: 'processing' },
  provider_succeeded: { from: ['approved', 'processing'], to: 'succeeded' },
  provider_failed: { from: ['approved', 'processing'], to: 'failed' },
  new_destination: { from: ['failed'], to: 'pending_review' },
  staff_payout: { from: ['approved'], to: 'processing' },
  staff_paid: { from: ['processing'], to: 'succeeded' },
};

export const TERMINAL_REFUND_STATUSES: readonly RefundStatus[] = ['succeeded', 'rejected'];

/** The next status, or null when the action does not apply (a no-op for provider reports). */
export function nextRefundStatus(current: RefundStatus, action: RefundAction): RefundStatus | null {
  const t = REFUND_TRANSITIONS[action];
  if (current === t.to) return null;
  return t.from.includes(current) ? t.to : null;
}

export const REFUND_STATUS_LABELS: Record<RefundStatus, { zh: string; en: string }> = {
  pending_review: { zh: '待审核', en: 'Under review' },
  approved: { zh: '已批准', en: 'Approved' },
  processing: { zh: '退款中', en: 'Refunding' },
  succeeded: { zh: '已到账', en: 'Refunded' },
  rejected: { zh: '已拒绝', en: 'Rejected' },
  failed: { zh: '退款失败', en: 'Refund failed' },
};
