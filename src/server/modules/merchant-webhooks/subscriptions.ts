import type { Deps } from '../../deps.js';
import { deliverMerchantWebhook, MERCHANT_WEBHOOK_ATTEMPTS } from './deliver.js';

/** Order events a shop's own system hears about. */
const TOPICS = [
  'order.paid',
  'order.cancelled',
  'cancellation.requested',
  'cancellation.decided',
  'address_change.requested',
  'order.address_changed',
  'after_sales.requested',
  'refund.succeeded',
] as const;

export function registerMerchantWebhooks(deps: Deps): void {
  for (const topic of TOPICS) {
    deps.outbox.subscribe(
      topic,
      `merchant_webhooks.${topic}`,
      (e) => deliverMerchantWebhook(deps, e),
      MERCHANT_WEBHOOK_ATTEMPTS,
    );
  }
}
