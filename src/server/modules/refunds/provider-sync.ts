import { eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { RefundAction } from '../../../domain/refund-states.js';
import type { Tx } from '../../platform/db/client.js';
import { refunds } from '../../platform/db/schema/index.js';
import type { AppOutbox } from '../../events.js';
import type { ProviderRefund } from '../../platform/payment-provider/payment-provider.js';
import { SYSTEM_ACTOR } from '../orders/timeline.js';
import { lockRefund, transitionRefund } from './transition.js';

const ACTION_OF: Record<ProviderRefund['status'], RefundAction | null> = {
  pending: null,
  processing: 'provider_processing',
  succeeded: 'provider_succeeded',
  failed: 'provider_failed',
};

/**
 * Applies what the provider says about a refund (webhook, query or submission answer). Reports
 * are order-independent: the transition table ignores one that would move backwards, so a late
 * "processing" never undoes "succeeded", and duplicates change nothing.
 */
export async function applyProviderRefund(
  tx: Tx,
  outbox: AppOutbox,
  report: ProviderRefund,
  now: Date,
): Promise<'applied' | 'noop' | 'unknown'> {
  const [peek] = await tx
    .select({ id: refunds.id })
    .from(refunds)
    .where(eq(refunds.providerRefundId, report.id));
  if (!peek) return 'unknown';
  const refund = await lockRefund(tx, peek.id);
  if (!refund || refund.providerRefundId !== report.id) return 'unknown';
  if (report.amountFen !== refund.amountFen) throw new DomainError('WEBHOOK_AMOUNT_MISMATCH');
  const action = ACTION_OF[report.status];
  if (!action) return 'noop';
  const updated = await transitionRefund(tx, outbox, refund, action, {
    actor: SYSTEM_ACTOR,
    now,
    reason: report.failureReason,
    set: {
      ...(report.status === 'succeeded' ? { arrivedAt: report.settledAt ?? now } : {}),
      ...(report.status === 'failed' ? { failureReason: report.failureReason ?? 'unknown' } : {}),
    },
  });
  return updated ? 'applied' : 'noop';
}
