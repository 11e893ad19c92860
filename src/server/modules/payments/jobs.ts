import type { Deps } from '../../deps.js';
import { createPaymentsService } from './service.js';

/**
 * Once an order is paid, the other payments the shopper opened for it (another channel, a QR
 * code still on screen) are closed at their providers, so the order cannot be paid twice. A
 * close that loses the race to a payment at that provider records the payment, which, the
 * order being paid, is refunded at once (a double payment).
 */
export function registerPaymentJobs(deps: Deps): void {
  const payments = createPaymentsService(deps);
  deps.outbox.subscribe('order.paid', 'payments.close_other_payments', async (event) => {
    await payments.voidPendingPayments(event.payload.orderId, { markVoided: true });
  });
}
