import type { Deps } from './deps.js';
import { registerOrderJobs } from './modules/orders/jobs.js';
import { registerCancellationJobs } from './modules/cancellation/jobs.js';
import { registerRefundJobs } from './modules/refunds/jobs.js';
import { registerNoticeSubscriptions } from './modules/notifications/subscriptions.js';
import { registerAccountNoticeSubscriptions } from './modules/notifications/account-subscriptions.js';
import { registerAfterSalesNoticeSubscriptions } from './modules/notifications/after-sales-subscriptions.js';
import { registerMerchantWebhooks } from './modules/merchant-webhooks/subscriptions.js';

/** Every outbox consumer; app processes and worker-only processes register the same set. */
export function registerConsumers(deps: Deps): void {
  registerOrderJobs(deps);
  registerCancellationJobs(deps);
  registerRefundJobs(deps);
  registerNoticeSubscriptions(deps);
  registerAccountNoticeSubscriptions(deps);
  registerAfterSalesNoticeSubscriptions(deps);
  registerMerchantWebhooks(deps);
}
