import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { SYSTEM_ACTOR } from '../orders/timeline.js';
import { createPaymentsService } from '../payments/service.js';
import { runCancellation } from './cancel.js';

/** Delayed and follow-up jobs of cancellation. Each is safe to run twice. */
export function registerCancellationJobs(deps: Deps): void {
  const { db } = deps.database;
  const payments = createPaymentsService(deps);
  const system = (tx: Tx, now: Date) => ({
    tx,
    outbox: deps.outbox,
    actor: SYSTEM_ACTOR,
    now,
  });

  // At the SLA deadline an unanswered 申请取消 is approved.
  deps.outbox.subscribe(
    'cancellation.request_timeout',
    'cancellation.request_timeout',
    async (event, ctx) => {
      const { requestId } = event.payload;
      await withTx(db, (tx) =>
        runCancellation(system(tx, ctx.now), {
          target: { requestId },
          scope: { any: true },
          command: { kind: 'decide', requestId, decision: 'timeout' },
        }),
      ).catch((err: unknown) => {
        // Already approved or rejected by the merchant: nothing left to do.
        if (err instanceof DomainError && err.code === 'CANCELLATION_REQUEST_DECIDED') return;
        throw err;
      });
    },
  );

  // At the payment deadline: void the provider's payment first (its void decides a race with a
  // last-second payment); if nothing was paid, cancel the order like any other cancellation.
  // The consumer keeps its name from when the orders module ran it, so queued jobs still run.
  deps.outbox.subscribe('order.payment_timeout', 'orders.payment_timeout', async (event, ctx) => {
    const { orderId } = event.payload;
    if (await payments.voidPendingPayments(orderId, { markVoided: false })) return;
    await withTx(db, (tx) =>
      runCancellation(system(tx, ctx.now), {
        target: { id: orderId },
        scope: { any: true },
        command: { kind: 'payment_timeout' },
      }),
    );
  });

  // An unpaid order was cancelled: void its payment link so it can no longer be paid. If the
  // shopper paid in the meantime, the provider says so and the payment is recorded (and, the
  // order being cancelled, flagged to be refunded).
  deps.outbox.subscribe('payment.void_requested', 'cancellation.void_payment', async (event) => {
    await payments.voidPendingPayments(event.payload.orderId, { markVoided: true });
  });
}
