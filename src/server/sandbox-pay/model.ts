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

export type WebhookEventType = 'payment.succeeded' | 'payment.voided';

/** One event to one notify_url; `body` is the exact JSON sent on every attempt. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  resourceId: string;
  url: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
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
