import { and, eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { payments } from '../../platform/db/schema/index.js';
import { SYSTEM_ACTOR } from '../orders/timeline.js';
import { ProviderRejectedError } from '../payments/provider/payment-provider.js';
import { recordPaymentSuccess } from '../payments/record-payment.js';
import { decideRequest } from './decide.js';
import { CANCELLATION_TOPICS } from './topics.js';

/** Delayed and follow-up jobs of cancellation. Each is safe to run twice. */
export function registerCancellationJobs(deps: Deps): void {
  const { db } = deps.database;

  deps.outbox.subscribe(
    CANCELLATION_TOPICS.requestTimeout,
    'cancellation.request_timeout',
    async (event, ctx) => {
      const { requestId } = event.payload as { requestId: number };
      await withTx(db, (tx) =>
        decideRequest(
          { tx, outbox: deps.outbox, actor: SYSTEM_ACTOR, now: ctx.now },
          requestId,
          { any: true },
          { decision: 'timeout' },
        ),
      ).catch((err: unknown) => {
        // Already approved or rejected by the merchant: nothing left to do.
        if (err instanceof DomainError && err.code === 'CANCELLATION_REQUEST_DECIDED') return;
        throw err;
      });
    },
  );

  // An unpaid order was cancelled: void its payment link so it can no longer be paid. If the
  // shopper paid in the meantime, the provider says so and the payment is recorded (and, the
  // order being cancelled, flagged to be refunded).
  deps.outbox.subscribe(
    CANCELLATION_TOPICS.voidPayment,
    'cancellation.void_payment',
    async (event, ctx) => {
      const { orderId } = event.payload as { orderId: number };
      const pending = await db
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending')));
      for (const p of pending) {
        if (!p.providerPaymentId) {
          await db.update(payments).set({ status: 'voided' }).where(eq(payments.id, p.id));
          continue;
        }
        const remote = await deps.payments
          .voidPayment(p.providerPaymentId)
          .catch(async (err: unknown) => {
            if (err instanceof ProviderRejectedError)
              return deps.payments.getPayment(p.providerPaymentId ?? '');
            throw err;
          });
        if (remote.status === 'succeeded') {
          await withTx(db, (tx) => recordPaymentSuccess(tx, deps.outbox, remote, ctx.now));
        } else {
          await db
            .update(payments)
            .set({ status: 'voided' })
            .where(and(eq(payments.id, p.id), eq(payments.status, 'pending')));
        }
      }
    },
  );
}
