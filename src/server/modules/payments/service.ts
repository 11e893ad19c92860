import { and, desc, eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import { checkOrderAction } from '../../../domain/order-transitions.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { payments, webhookReceipts } from '../../platform/db/schema/index.js';
import { recordPaymentSuccess } from './record-payment.js';
import { applyProviderRefund } from '../refunds/provider-sync.js';
import { cancelUnpaidOrder } from '../orders/fulfilment.js';
import { findOrder, lockOrder } from '../orders/lock.js';
import { SYSTEM_ACTOR } from '../orders/timeline.js';
import { orderState } from '../orders/views.js';
import {
  ProviderRejectedError,
  ProviderUnavailableError,
  type ProviderEvent,
  type ProviderPayment,
} from './provider/payment-provider.js';

const PROVIDER = 'sandbox-pay';

export function createPaymentsService(deps: Deps) {
  const { db } = deps.database;
  const { clock, outbox, payments: provider } = deps;

  return {
    /** Returns the provider's pay page for the order, creating the payment once. */
    async startPayment(shopperId: number, orderNo: string): Promise<{ payUrl: string }> {
      const now = clock.now();
      const order = await findOrder(db, orderNo, { shopperId });
      const problem = checkOrderAction(orderState(order), 'pay', now);
      if (problem) throw new DomainError(problem);
      // The payment row and its idempotency key are stored before the provider is called.
      const payment = await withTx(db, async (tx) => {
        // Checked again under the lock: the order may have been paid (its payment no longer
        // pending, so a second row would collide on the idempotency key) or cancelled since.
        const { order: locked } = await lockOrder(tx, { id: order.id }, { shopperId });
        const lockedProblem = checkOrderAction(orderState(locked), 'pay', now);
        if (lockedProblem) throw new DomainError(lockedProblem);
        const [existing] = await tx
          .select()
          .from(payments)
          .where(and(eq(payments.orderId, order.id), eq(payments.status, 'pending')))
          .orderBy(desc(payments.id))
          .limit(1);
        if (existing) return existing;
        const [created] = await tx
          .insert(payments)
          .values({
            orderId: order.id,
            idempotencyKey: `pay-${order.orderNo}`,
            amountFen: order.payableFen,
            status: 'pending',
          })
          .returning();
        if (!created) throw new Error('payment insert returned nothing');
        return created;
      });
      if (payment.payUrl) return { payUrl: payment.payUrl };
      let remote: ProviderPayment;
      try {
        remote = await provider.createPayment({
          idempotencyKey: payment.idempotencyKey,
          amountFen: payment.amountFen,
          merchantOrderNo: order.orderNo,
          description: `B特派订单 ${order.orderNo}`,
          returnUrl: `${deps.config.publicUrl}/orders/${order.orderNo}?paid=1`,
          notifyUrl: `${deps.config.publicUrl}/api/v1/webhooks/sandbox-pay`,
        });
      } catch (err) {
        if (err instanceof ProviderUnavailableError || err instanceof ProviderRejectedError) {
          deps.log.warn({ err, orderNo }, 'payment provider refused or unreachable');
          throw new DomainError('PAYMENT_PROVIDER_UNAVAILABLE');
        }
        throw err;
      }
      await db
        .update(payments)
        .set({ providerPaymentId: remote.id, payUrl: remote.payUrl })
        .where(eq(payments.id, payment.id));
      return { payUrl: remote.payUrl };
    },

    /** A verified webhook event: deduplicated by event id in the same transaction as its effect. */
    async handleEvent(
      event: ProviderEvent,
    ): Promise<'duplicate' | 'paid' | 'noop' | 'late' | 'refund_updated'> {
      const now = clock.now();
      return withTx(db, async (tx) => {
        const fresh = await tx
          .insert(webhookReceipts)
          .values({ eventId: event.id, source: PROVIDER, receivedAt: now })
          .onConflictDoNothing()
          .returning({ id: webhookReceipts.eventId });
        if (fresh.length === 0) return 'duplicate';
        if (event.type === 'payment.succeeded')
          return recordPaymentSuccess(tx, outbox, event.payment, now);
        if ('refund' in event) {
          const outcome = await applyProviderRefund(tx, outbox, event.refund, now);
          // Not ours yet (the submission's answer has not been recorded): refuse, so the
          // provider delivers it again later; reconciliation covers it too.
          if (outcome === 'unknown') throw new DomainError('REFUND_NOT_FOUND');
          return outcome === 'applied' ? 'refund_updated' : 'noop';
        }
        await tx
          .update(payments)
          .set({ status: 'voided' })
          .where(
            and(eq(payments.providerPaymentId, event.payment.id), eq(payments.status, 'pending')),
          );
        return 'noop';
      });
    },

    /**
     * Delayed job at the payment deadline. The provider's void decides the race with a
     * last-second payment: once voided nothing can be paid; if it was paid, we record it.
     */
    async expireUnpaid(orderId: number): Promise<void> {
      const now = clock.now();
      const pending = await db
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending')));
      for (const p of pending) {
        if (!p.providerPaymentId) continue;
        const remote = await provider
          .voidPayment(p.providerPaymentId)
          .catch(async (err: unknown) => {
            // Already succeeded at the provider: fetch it and record the payment instead.
            if (err instanceof ProviderRejectedError)
              return provider.getPayment(p.providerPaymentId ?? '');
            throw err;
          });
        if (remote.status === 'succeeded') {
          await withTx(db, (tx) => recordPaymentSuccess(tx, outbox, remote, now));
          return;
        }
      }
      await withTx(db, async (tx) => {
        const cancelled = await cancelUnpaidOrder(
          { tx, outbox, actor: SYSTEM_ACTOR, now },
          orderId,
        );
        if (cancelled) {
          await tx
            .update(payments)
            .set({ status: 'voided' })
            .where(and(eq(payments.orderId, orderId), eq(payments.status, 'pending')));
        }
        return cancelled;
      });
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
