import { createHash } from 'node:crypto';
import { enqueueEvent, type SandboxContext } from './context.js';
import { paymentEventDelivery } from './events.js';
import { newId } from './ids.js';
import type { PaymentChannel, PaymentRecord } from './model.js';
import { idempotencyMapKey } from './store.js';

/** What the payment operations need; built once by the app. */
export type PaymentsContext = SandboxContext;

export interface CreatePaymentInput {
  amount_fen: number;
  currency: 'CNY';
  merchant_order_no: string;
  description: string;
  return_url: string;
  notify_url: string;
}

const CREATE_SCOPE = 'payments.create';

export type CreatePaymentResult =
  { kind: 'created' | 'replayed'; payment: PaymentRecord } | { kind: 'idempotency_key_reused' };

/** Creates a payment once per Idempotency-Key; a replay returns the payment as it is now. */
export function createPayment(
  ctx: PaymentsContext,
  idempotencyKey: string,
  input: CreatePaymentInput,
): CreatePaymentResult {
  const requestHash = hashRequest(input);
  const existing = ctx.store.getIdempotency(CREATE_SCOPE, idempotencyKey);
  if (existing) {
    const payment = ctx.store.getPayment(existing.resourceId);
    if (existing.requestHash !== requestHash || !payment) return { kind: 'idempotency_key_reused' };
    return { kind: 'replayed', payment };
  }
  const now = ctx.now().toISOString();
  const payment: PaymentRecord = {
    id: newId('pay'),
    status: 'pending',
    amountFen: input.amount_fen,
    currency: input.currency,
    channel: null,
    merchantOrderNo: input.merchant_order_no,
    description: input.description,
    returnUrl: input.return_url,
    notifyUrl: input.notify_url,
    createdAt: now,
    succeededAt: null,
    voidedAt: null,
  };
  ctx.store.commit((data) => {
    data.payments.set(payment.id, payment);
    data.idempotency.set(idempotencyMapKey(CREATE_SCOPE, idempotencyKey), {
      scope: CREATE_SCOPE,
      key: idempotencyKey,
      requestHash,
      resourceId: payment.id,
      createdAt: now,
    });
  });
  return { kind: 'created', payment };
}

export type ConfirmPaymentResult =
  | { kind: 'succeeded'; payment: PaymentRecord; changed: boolean }
  | { kind: 'voided'; payment: PaymentRecord }
  | { kind: 'not_found' };

/** Pays a pending payment with a channel. Paying again changes nothing (channel, time). */
export function confirmPayment(
  ctx: PaymentsContext,
  id: string,
  channel: PaymentChannel,
): ConfirmPaymentResult {
  const current = ctx.store.getPayment(id);
  if (!current) return { kind: 'not_found' };
  if (current.status === 'voided') return { kind: 'voided', payment: current };
  if (current.status === 'succeeded')
    return { kind: 'succeeded', payment: current, changed: false };
  const now = ctx.now();
  const payment: PaymentRecord = {
    ...current,
    status: 'succeeded',
    channel,
    succeededAt: now.toISOString(),
  };
  const delivery = paymentEventDelivery('payment.succeeded', payment, ctx.publicUrl, now);
  ctx.store.commit((data) => {
    data.payments.set(payment.id, payment);
    enqueueEvent(ctx, data, delivery);
  });
  ctx.onDeliveryEnqueued();
  return { kind: 'succeeded', payment, changed: true };
}

export type VoidPaymentResult =
  | { kind: 'voided'; payment: PaymentRecord; changed: boolean }
  | { kind: 'already_succeeded'; payment: PaymentRecord }
  | { kind: 'not_found' };

/** Closes a pending payment. Voiding again is a no-op; a paid payment cannot be voided. */
export function voidPayment(ctx: PaymentsContext, id: string): VoidPaymentResult {
  const current = ctx.store.getPayment(id);
  if (!current) return { kind: 'not_found' };
  if (current.status === 'succeeded') return { kind: 'already_succeeded', payment: current };
  if (current.status === 'voided') return { kind: 'voided', payment: current, changed: false };
  const now = ctx.now();
  const payment: PaymentRecord = { ...current, status: 'voided', voidedAt: now.toISOString() };
  const delivery = paymentEventDelivery('payment.voided', payment, ctx.publicUrl, now);
  ctx.store.commit((data) => {
    data.payments.set(payment.id, payment);
    enqueueEvent(ctx, data, delivery);
  });
  ctx.onDeliveryEnqueued();
  return { kind: 'voided', payment, changed: true };
}

function hashRequest(input: CreatePaymentInput): string {
  const canonical = JSON.stringify([
    input.amount_fen,
    input.currency,
    input.merchant_order_no,
    input.description,
    input.return_url,
    input.notify_url,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
