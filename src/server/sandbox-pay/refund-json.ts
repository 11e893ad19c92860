import type {
  PaymentChannel,
  RefundDestination,
  RefundFailureReason,
  RefundRecord,
  RefundStatus,
} from './model.js';

export type RefundDestinationJson =
  | { type: 'original' }
  | { type: 'balance'; account_ref: string }
  | { type: 'bank_account'; bank: string; account_no: string };

/** The refund as the HTTP API and webhooks show it (snake_case, like real providers). */
export interface RefundJson {
  id: string;
  payment_id: string;
  amount_fen: number;
  currency: 'CNY';
  reason: string | null;
  status: RefundStatus;
  failure_reason: RefundFailureReason | null;
  channel: PaymentChannel;
  destination: RefundDestinationJson;
  created_at: string;
  settled_at: string | null;
  failed_at: string | null;
  expected_settle_at: string;
}

function destinationJson(d: RefundDestination): RefundDestinationJson {
  switch (d.type) {
    case 'original':
      return { type: 'original' };
    case 'balance':
      return { type: 'balance', account_ref: d.accountRef };
    case 'bank_account':
      return { type: 'bank_account', bank: d.bank, account_no: d.accountNoMasked };
  }
}

export function toRefundJson(r: RefundRecord): RefundJson {
  return {
    id: r.id,
    payment_id: r.paymentId,
    amount_fen: r.amountFen,
    currency: 'CNY',
    reason: r.reason,
    status: r.status,
    failure_reason: r.failureReason,
    channel: r.channel,
    destination: destinationJson(r.destination),
    created_at: r.createdAt,
    settled_at: r.settledAt,
    failed_at: r.failedAt,
    expected_settle_at: r.expectedSettleAt,
  };
}

/** `6222021234567890` → `************7890`. */
export function maskAccountNo(accountNo: string): string {
  return `${'*'.repeat(Math.max(0, accountNo.length - 4))}${accountNo.slice(-4)}`;
}
