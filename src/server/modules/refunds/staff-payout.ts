import { DomainError } from '../../../domain/errors.js';
import type { Tx } from '../../platform/db/client.js';
import type { TimelineActor } from '../orders/timeline.js';
import type { AppOutbox } from '../../events.js';
import type { RefundDestination } from '../../platform/payment-provider/payment-provider.js';
import { lockRefund, transitionRefund } from './transition.js';

/**
 * An operator records the transfer they made for a refund the channel could not pay where the
 * shopper asked (refunds.payout = 'staff'): the refund arrives (已到账) with the transfer's
 * reference, and the shopper is told as for any refund that arrives.
 */
export async function recordStaffPayout(
  tx: Tx,
  outbox: AppOutbox,
  refundId: number,
  input: { reference: string; note: string | null },
  ctx: { actor: TimelineActor; now: Date; requestId: string },
) {
  const refund = await lockRefund(tx, refundId);
  if (!refund) throw new DomainError('REFUND_NOT_FOUND');
  if (refund.payout !== 'staff' || refund.status !== 'processing')
    throw new DomainError('REFUND_NOT_STAFF_PAYOUT');
  const destination = refund.destination as RefundDestination | null;
  const updated = await transitionRefund(tx, outbox, refund, 'staff_paid', {
    actor: ctx.actor,
    now: ctx.now,
    reason: input.reference,
    requestId: ctx.requestId,
    set: {
      offlineMethod: destination?.type === 'bank_account' ? 'bank_transfer' : null,
      offlineReference: input.reference,
      note: input.note,
      arrivedAt: ctx.now,
    },
  });
  if (!updated) throw new DomainError('REFUND_NOT_STAFF_PAYOUT');
  return updated;
}
