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

export interface ProviderEvent {
  id: string;
  type: 'payment.succeeded' | 'payment.voided';
  created: Date;
  payment: ProviderPayment;
}

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
