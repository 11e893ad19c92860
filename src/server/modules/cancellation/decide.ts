import { eq } from 'drizzle-orm';
import {
  assessCancellation,
  checkSelection,
  feesApply,
  resolveSelection,
  type SelectionItem,
} from '../../../domain/cancellation-rules.js';
import { DomainError } from '../../../domain/errors.js';
import { cancellationRequests } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { ActionContext } from '../orders/fulfilment.js';
import { lockOrder, type OrderScope } from '../orders/lock.js';
import { addTimeline } from '../orders/timeline.js';
import { cancellationSettings } from '../settings/service.js';
import type { RefundRow } from '../refunds/create.js';
import { applyCancellation } from './apply.js';
import { toCancellable, type RequestRow } from './load.js';
import { CANCELLATION_TOPICS } from './topics.js';

export type Decision =
  { decision: 'approve' } | { decision: 'reject'; reason: string } | { decision: 'timeout' };

/**
 * Decides a 申请取消: the merchant approves or rejects, or the SLA job approves it. Locks the
 * order first, then the request, so a merchant's answer and the timeout queue on the same rows
 * and exactly one outcome wins; the loser sees CANCELLATION_REQUEST_DECIDED.
 */
export async function decideRequest(
  ctx: ActionContext,
  requestId: number,
  scope: OrderScope,
  decision: Decision,
): Promise<{ request: RequestRow; refund: RefundRow | null }> {
  const { tx, now } = ctx;
  const [peek] = await tx
    .select({ orderId: cancellationRequests.orderId })
    .from(cancellationRequests)
    .where(eq(cancellationRequests.id, requestId));
  if (!peek) throw new DomainError('CANCELLATION_REQUEST_NOT_FOUND');
  const { order, lines } = await lockOrder(tx, { id: peek.orderId }, scope).catch(
    (err: unknown) => {
      // Another shop's request: not found, so its existence does not leak.
      if (err instanceof DomainError && err.code === 'ORDER_NOT_FOUND')
        throw new DomainError('CANCELLATION_REQUEST_NOT_FOUND');
      throw err;
    },
  );
  const [request] = await tx
    .select()
    .from(cancellationRequests)
    .where(eq(cancellationRequests.id, requestId))
    .for('update');
  if (!request) throw new DomainError('CANCELLATION_REQUEST_NOT_FOUND');
  if (request.status !== 'pending')
    throw new DomainError('CANCELLATION_REQUEST_DECIDED', { status: request.status });
  if (decision.decision === 'timeout' && now < request.slaDeadline)
    throw new DomainError('CANCELLATION_REQUEST_DECIDED', { status: 'pending' });

  const status =
    decision.decision === 'reject'
      ? 'rejected'
      : decision.decision === 'timeout'
        ? 'auto_approved'
        : 'approved';
  const decisionReason = decision.decision === 'reject' ? decision.reason : null;
  const [updated] = await tx
    .update(cancellationRequests)
    .set({
      status,
      decidedAt: now,
      decidedBy: ctx.actor.id,
      decidedRole: ctx.actor.role,
      decisionReason,
    })
    .where(eq(cancellationRequests.id, request.id))
    .returning();
  if (!updated) throw new Error('request update returned nothing');

  let refund: RefundRow | null = null;
  if (status === 'rejected') {
    await addTimeline(tx, order.id, 'cancellation.rejected', ctx.actor, now, {
      requestId: request.id,
      reason: decisionReason,
    });
  } else {
    await addTimeline(
      tx,
      order.id,
      status === 'approved' ? 'cancellation.approved' : 'cancellation.auto_approved',
      ctx.actor,
      now,
      { requestId: request.id },
    );
    const settings = await cancellationSettings(tx);
    // Judged as at the time of the request (what the shopper's preview showed), without the
    // request itself blocking; the stored selection is checked again against today's lines.
    const cancellable = toCancellable(order, lines, false);
    const assessment = assessCancellation(cancellable, settings, request.requestedAt);
    const selection = request.selection as SelectionItem[];
    const problem = checkSelection(cancellable, assessment, selection);
    if (problem) throw new DomainError(problem);
    ({ refund } = await applyCancellation(ctx, {
      order,
      lines,
      selection: resolveSelection(cancellable, assessment, selection),
      kind: status === 'approved' ? 'request_approved' : 'request_auto_approved',
      reasonCode: request.reasonCode,
      reasonText: request.reasonText,
      requestId: request.id,
      chargeFees: feesApply(cancellable, assessment),
      settings,
    }));
  }
  await audit(tx, {
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    action: `cancellation.${status}`,
    entityType: 'cancellation_request',
    entityId: request.id,
    orderId: request.orderId,
    before: { status: 'pending' },
    after: { status, reason: decisionReason },
    requestId: ctx.requestId,
  });
  await ctx.outbox.emit(tx, CANCELLATION_TOPICS.decided, {
    orderId: order.id,
    requestId: request.id,
    status,
  });
  return { request: updated, refund };
}
