import type { Deps } from './deps.js';
import { registerOrderJobs } from './modules/orders/jobs.js';
import { registerCancellationJobs } from './modules/cancellation/jobs.js';
import { registerAddressChangeJobs } from './modules/address-change/jobs.js';
import { registerRefundJobs } from './modules/refunds/jobs.js';
import { registerNoticeSubscriptions } from './modules/notifications/subscriptions.js';
import { registerAccountNoticeSubscriptions } from './modules/notifications/account-subscriptions.js';
import { registerMerchantNoticeSubscriptions } from './modules/notifications/merchant-subscriptions.js';
import { registerAfterSalesNoticeSubscriptions } from './modules/notifications/after-sales-subscriptions.js';
import { registerMerchantWebhooks } from './modules/merchant-webhooks/subscriptions.js';
import { registerRetentionJobs } from './modules/retention/jobs.js';
import { registerPaymentJobs } from './modules/payments/jobs.js';
import { registerStatementJobs } from './modules/payments/statement-jobs.js';

/** Every outbox consumer; app processes and worker-only processes register the same set. */
export function registerConsumers(deps: Deps): void {
  registerOrderJobs(deps);
  registerCancellationJobs(deps);
  registerAddressChangeJobs(deps);
  registerRefundJobs(deps);
  registerNoticeSubscriptions(deps);
  registerAccountNoticeSubscriptions(deps);
  registerAfterSalesNoticeSubscriptions(deps);
  registerMerchantNoticeSubscriptions(deps);
  registerMerchantWebhooks(deps);
  registerRetentionJobs(deps);
  registerPaymentJobs(deps);
  registerStatementJobs(deps);
}
