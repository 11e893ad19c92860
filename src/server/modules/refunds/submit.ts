import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { payments, refunds } from '../../platform/db/schema/index.js';
import { SYSTEM_ACTOR } from '../orders/timeline.js';
import {
  ProviderRejectedError,
  type RefundDestination,
} from '../payments/provider/payment-provider.js';
import { applyProviderRefund } from './provider-sync.js';
import { lockRefund, transitionRefund } from './transition.js';

/** Provider answers that no retry can change: the refund fails and the shopper is told. */
const FINAL_REJECTIONS = new Set([
  'amount_exceeds_refundable',
  'payment_not_found',
  'payment_not_paid',
]);

/**
 * Pays out an approved refund through the provider (automatic refunds, 四.1). The provider
 * idempotency key is stored in its own transaction before the call; a crash, timeout or 5xx
 * leads to a retry with the same key, so money moves once. Safe to run any number of times.
 */
export async function submitRefund(deps: Deps, refundId: number): Promise<void> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const prepared = await withTx(db, async (tx) => {
    const refund = await lockRefund(tx, refundId);
    if (!refund || refund.status !== 'approved') return null;
    const key = refund.providerKey ?? `refund-${refund.id}-a${refund.attempt}`;
    if (!refund.providerKey)
      await tx.update(refunds).set({ providerKey: key }).where(eq(refunds.id, refund.id));
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.orderId, refund.orderId), eq(payments.status, 'succeeded')))
      .limit(1);
    return { refund, key, paymentId: payment?.providerPaymentId ?? null };
  });
  if (!prepared) return;
  const { refund, key, paymentId } = prepared;

  try {
    if (!paymentId)
      throw new ProviderRejectedError('payment_not_found', 'no captured payment for this order');
    const remote = await deps.payments.createRefund({
      idempotencyKey: key,
      paymentId,
      amountFen: refund.amountFen,
      reason: `B特派退款 ${refund.id}`,
      notifyUrl: `${deps.config.publicUrl}/api/v1/webhooks/sandbox-pay`,
      destination: (refund.destination as RefundDestination | null) ?? { type: 'original' },
    });
    await withTx(db, async (tx) => {
      const locked = await lockRefund(tx, refund.id);
      if (!locked) return;
      if (locked.providerRefundId !== remote.id) {
        await tx
          .update(refunds)
          .set({ providerRefundId: remote.id, submittedAt: now })
          .where(eq(refunds.id, refund.id));
      }
      await applyProviderRefund(tx, deps.outbox, remote, now);
    });
  } catch (err) {
    if (!(err instanceof ProviderRejectedError) || !FINAL_REJECTIONS.has(err.code)) throw err;
    deps.log.error({ err, refundId: refund.id }, 'refund refused by the provider');
    await withTx(db, async (tx) => {
      const locked = await lockRefund(tx, refund.id);
      if (!locked) return;
      await transitionRefund(tx, deps.outbox, locked, 'provider_failed', {
        actor: SYSTEM_ACTOR,
        now,
        reason: err.code,
        set: { failureReason: err.code },
      });
    });
  }
}
