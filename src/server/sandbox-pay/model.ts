/** The sandbox provider's own records. Timestamps are ISO strings so a snapshot is plain JSON. */

export const PAYMENT_CHANNELS = ['balance', 'alipay', 'wechat', 'card'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];
export type PaymentStatus = 'pending' | 'succeeded' | 'voided';

export interface PaymentRecord {
  id: string;
  status: PaymentStatus;
  amountFen: number;
  currency: 'CNY';
  channel: PaymentChannel | null;
  merchantOrderNo: string;
  description: string;
  returnUrl: string;
  notifyUrl: string;
  createdAt: string;
  succeededAt: string | null;
  voidedAt: string | null;
}

/** One stored Idempotency-Key, scoped by operation (e.g. 'payments.create', later 'refunds.create'). */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  resourceId: string;
  createdAt: string;
}

export const REFUND_STATUSES = ['pending', 'processing', 'succeeded', 'failed'] as const;
/**
 * `pending` is part of the contract (a provider may queue a refund before submitting it) but the
 * sandbox accepts refunds straight into `processing`.
 */
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Why a refund failed at settlement (the money went back to the merchant). */
export const REFUND_FAILURE_REASONS = ['account_closed', 'card_changed'] as const;
export type RefundFailureReason = (typeof REFUND_FAILURE_REASONS)[number];

/** Where the money goes. The bank account number is stored masked only. */
export type RefundDestination =
  | { type: 'original' }
  | { type: 'balance'; accountRef: string }
  | { type: 'bank_account'; bank: string; accountNoMasked: string };

export interface RefundRecord {
  id: string;
  paymentId: string;
  amountFen: number;
  reason: string | null;
  notifyUrl: string;
  destination: RefundDestination;
  /** The rail the money moves on: the payment's channel, `balance`, or `card` for bank accounts. */
  channel: PaymentChannel;
  status: RefundStatus;
  failureReason: RefundFailureReason | null;
  createdAt: string;
  /** When the money arrived (succeeded only). */
  settledAt: string | null;
  /** When the refund failed (failed only). */
  failedAt: string | null;
  /** Unscaled, on the injected clock: what a real provider would promise. */
  expectedSettleAt: string;
  /** Wall-clock epoch ms the settlement is due (scaled); null once settled. */
  settleDueAt: number | null;
  /** Decided when accepted (fault settings, special amounts): the settlement outcome. */
  plannedFailure: RefundFailureReason | null;
  /** Events are held until the refund settles, then released in random order. */
  shuffleEvents: boolean;
}

/**
 * A money movement. A refund moves money exactly once (`refund_debit`, when it is accepted);
 * a failed refund's money comes back as one `refund_reversal`.
 */
export interface LedgerEntry {
  id: string;
  kind: 'refund_debit' | 'refund_reversal';
  refundId: string;
  paymentId: string;
  amountFen: number;
  createdAt: string;
}

export type WebhookEventType =
  | 'payment.succeeded'
  | 'payment.voided'
  | 'refund.processing'
  | 'refund.succeeded'
  | 'refund.failed';

/**
 * `held`: waiting for its refund to settle (shuffle fault); `dropped`: never sent (drop fault),
 * kept for inspection.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'held', 'dropped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event to one notify_url; `body` is the exact JSON sent on every attempt. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  resourceId: string;
  url: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** Wall-clock epoch ms of the next attempt (real time, not the injected clock). */
  nextAttemptAt: number;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export function isPaymentChannel(value: unknown): value is PaymentChannel {
  return typeof value === 'string' && (PAYMENT_CHANNELS as readonly string[]).includes(value);
}
