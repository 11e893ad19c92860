import { newId } from './ids.js';
import type { PaymentRecord, RefundRecord, WebhookDelivery, WebhookEventType } from './model.js';
import { toPaymentJson } from './payment-json.js';
import { toRefundJson } from './refund-json.js';

/**
 * Builds the delivery record of an event, to be inserted in the same `commit` as the state
 * change (so a change and its webhook are saved together). The body is fixed here, so every
 * retry (and every duplicate) sends the same bytes and the same event id.
 */
function eventDelivery(
  type: WebhookEventType,
  resourceId: string,
  url: string,
  data: Record<string, unknown>,
  now: Date,
): WebhookDelivery {
  const eventId = newId('evt');
  const body = JSON.stringify({
    id: eventId,
    type,
    created: Math.floor(now.getTime() / 1000),
    data,
  });
  return {
    id: newId('whd'),
    eventId,
    eventType: type,
    resourceId,
    url,
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

export function paymentEventDelivery(
  type: 'payment.succeeded' | 'payment.voided',
  payment: PaymentRecord,
  publicUrl: string,
  now: Date,
): WebhookDelivery {
  return eventDelivery(
    type,
    payment.id,
    payment.notifyUrl,
    { payment: toPaymentJson(payment, publicUrl) },
    now,
  );
}

export function refundEventDelivery(
  type: 'refund.processing' | 'refund.succeeded' | 'refund.failed',
  refund: RefundRecord,
  now: Date,
): WebhookDelivery {
  return eventDelivery(type, refund.id, refund.notifyUrl, { refund: toRefundJson(refund) }, now);
}
