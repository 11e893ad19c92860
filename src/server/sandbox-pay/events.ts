import { newId } from './ids.js';
import type { PaymentRecord, WebhookDelivery, WebhookEventType } from './model.js';
import { toPaymentJson } from './payment-json.js';

/**
 * Builds the delivery record of a payment event, to be inserted in the same `commit` as the
 * state change (so a change and its webhook are saved together). The body is fixed here, so
 * every retry sends the same bytes and the same event id.
 */
export function paymentEventDelivery(
  type: WebhookEventType,
  payment: PaymentRecord,
  publicUrl: string,
  now: Date,
): WebhookDelivery {
  const eventId = newId('evt');
  const body = JSON.stringify({
    id: eventId,
    type,
    created: Math.floor(now.getTime() / 1000),
    data: { payment: toPaymentJson(payment, publicUrl) },
  });
  return {
    id: newId('whd'),
    eventId,
    eventType: type,
    resourceId: payment.id,
    url: payment.notifyUrl,
    body,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: Date.now(),
    lastAttemptAt: null,
    lastStatusCode: null,
    lastError: null,
    createdAt: now.toISOString(),
    deliveredAt: null,
  };
}
