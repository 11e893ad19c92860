import { DomainError } from '../../../domain/errors.js';
import type { Tx } from '../../platform/db/client.js';
import type { AppOutbox } from '../../events.js';
import type { TimelineActor } from '../orders/timeline.js';
import type { RefundRow } from './create.js';
import { lockRefund, transitionRefund } from './transition.js';

/** 四.2: staff approve a refund under review (the worker then pays it) or reject it with a reason. */
export async function reviewRefund(
  tx: Tx,
  outbox: AppOutbox,
  refundId: number,
  allowed: (r: RefundRow) => boolean,
  decision: { decision: 'approve' } | { decision: 'reject'; reason: string },
  ctx: { actor: TimelineActor; now: Date; requestId?: string | undefined },
): Promise<RefundRow> {
  const refund = await lockRefund(tx, refundId);
  if (!refund || !allowed(refund)) throw new DomainError('REFUND_NOT_FOUND');
  const updated = await transitionRefund(tx, outbox, refund, decision.decision, {
    ...ctx,
    reason: decision.decision === 'reject' ? decision.reason : null,
  });
  if (!updated) throw new DomainError('REFUND_NOT_REVIEWABLE', { status: refund.status });
  return updated;
}
