import type { ChannelNotify, NotifyRefusal } from './channel-provider.js';

/** What we recorded for the payment a notify names. */
export interface RecordedPayment {
  merchantOrderNo: string;
  amountFen: number;
}

/**
 * A signed notify is still refused when it does not fit what we recorded: a payment for an
 * unknown order or of a different amount, a refund larger than the payment. Such a notify is
 * logged and counted by the caller, never applied. Pure: the caller loads `recorded`.
 */
export function notifyRefusal(
  notify: ChannelNotify,
  recorded: RecordedPayment | null,
): NotifyRefusal | null {
  const merchantOrderNo =
    notify.kind === 'payment' ? notify.payment.merchantOrderNo : notify.refund.merchantOrderNo;
  if (!recorded || recorded.merchantOrderNo !== merchantOrderNo) return 'unknown_payment';
  if (notify.kind === 'payment') {
    const paid = notify.payment.amountFen;
    if (paid !== null && paid !== recorded.amountFen) return 'amount_mismatch';
    return null;
  }
  const refunded = notify.refund.amountFen ?? notify.refundedTotalFen;
  if (refunded !== null && refunded > recorded.amountFen) return 'amount_mismatch';
  return null;
}
