/** What the app codes against; every payment provider (sandbox, real ones) implements it. */

export type PaymentChannel = 'balance' | 'alipay' | 'wechat' | 'card';

export interface ProviderPayment {
  id: string;
  status: 'pending' | 'succeeded' | 'voided';
  amountFen: number;
  channel: PaymentChannel | null;
  merchantOrderNo: string;
  payUrl: string;
  succeededAt: Date | null;
}

export type RefundStatus = 'pending' | 'processing' | 'succeeded' | 'failed';

/**
 * A refund as the provider reports it. `pending`/`processing` may change; `succeeded` (money
 * arrived, `settledAt`) and `failed` (money back with the merchant, `failureReason` such as
 * `account_closed` or `card_changed`) are final.
 */
export interface ProviderRefund {
  id: string;
  paymentId: string;
  amountFen: number;
  status: RefundStatus;
  failureReason: string | null;
  /** The rail the money moves on (bank-account refunds move on `card`). */
  channel: PaymentChannel;
  settledAt: Date | null;
  /** What the provider promises (real-world time, even when the sandbox runs faster). */
  expectedSettleAt: Date | null;
}

/** Where a refund goes; default: back to where the payment came from. */
export type RefundDestination =
  | { type: 'original' }
  | { type: 'balance'; accountRef: string }
  | { type: 'bank_account'; bank: string; accountNo: string; holderName?: string };

export interface CreateRefundInput {
  /**
   * Derive it from our refund id. Same key + same input → the same refund (no second money
   * movement), so retry with the same key after a timeout; same key + different input →
   * ProviderRejectedError('idempotency_key_reused').
   */
  idempotencyKey: string;
  paymentId: string;
  amountFen: number;
  reason?: string;
  notifyUrl: string;
  destination?: RefundDestination;
}

export interface ProviderPaymentEvent {
  id: string;
  type: 'payment.succeeded' | 'payment.voided';
  created: Date;
  payment: ProviderPayment;
}

export interface ProviderRefundEvent {
  id: string;
  type: 'refund.processing' | 'refund.succeeded' | 'refund.failed';
  created: Date;
  refund: ProviderRefund;
}

/**
 * A verified webhook event; narrow on `type`. Delivered at least once and in no guaranteed
 * order: deduplicate by `id`, and never let an older refund state overwrite a final one.
 */
export type ProviderEvent = ProviderPaymentEvent | ProviderRefundEvent;

export interface CreatePaymentInput {
  /** Same key + same input → the same payment; same key + different input → ProviderRejectedError. */
  idempotencyKey: string;
  amountFen: number;
  merchantOrderNo: string;
  description: string;
  returnUrl: string;
  notifyUrl: string;
}

export interface PaymentProvider {
  createPayment(input: CreatePaymentInput): Promise<ProviderPayment>;
  getPayment(id: string): Promise<ProviderPayment>;
  voidPayment(id: string): Promise<ProviderPayment>;
  /**
   * Asks for a refund. ProviderRejectedError codes: `payment_not_found` (404),
   * `payment_not_paid` (409), `amount_exceeds_refundable` / `idempotency_key_reused` (422).
   * ProviderUnavailableError (timeout, 5xx): the refund may or may not have been accepted, so
   * retry with the same idempotency key.
   */
  createRefund(input: CreateRefundInput): Promise<ProviderRefund>;
  /** The refund's current state (`refund_not_found` if unknown); use it to reconcile. */
  getRefund(id: string): Promise<ProviderRefund>;
  /** Verifies signature (constant-time) and timestamp tolerance; throws ProviderWebhookError('bad_signature'|'stale'|'malformed'). */
  parseWebhook(
    rawBody: string,
    headers: Record<string, string | string[] | undefined>,
    now: Date,
  ): ProviderEvent;
}

/** The provider could not be reached or failed (network error, timeout, 5xx, 429, bad response): retry later. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}

/** The provider refused the request (4xx); retrying the same request will not help. */
export class ProviderRejectedError extends Error {
  override readonly name = 'ProviderRejectedError';
  constructor(
    public readonly code: string,
    message: string,
    public readonly status?: number,
  ) {
    super(message);
  }
}

export type ProviderWebhookErrorReason = 'bad_signature' | 'stale' | 'malformed';

/** An incoming webhook that must not be trusted. Answer it with 400. */
export class ProviderWebhookError extends Error {
  override readonly name = 'ProviderWebhookError';
  constructor(public readonly reason: ProviderWebhookErrorReason) {
    super(`Rejected provider webhook: ${reason}`);
  }
}
