import { and, desc, eq } from 'drizzle-orm';
import {
  assessCancellation,
  checkSelection,
  feesApply,
  isWholeSelection,
  resolveSelection,
  type SelectionItem,
} from '../../../domain/cancellation-rules.js';
import { validateReason } from '../../../domain/cancellation-settings.js';
import { DomainError } from '../../../domain/errors.js';
import type { Tx } from '../../platform/db/client.js';
import { cancellationRequests, refunds } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { ActionContext } from '../orders/fulfilment.js';
import type { OrderScope, ShopRow } from '../orders/lock.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { WriteBatch } from '../../platform/db/write-batch.js';
import { addTimeline } from '../orders/timeline.js';
import { cancellationSettings } from '../settings/service.js';
import type { RefundRow } from '../refunds/create.js';
import { applyCancellation } from './apply.js';
import { lockForCancellation, type RequestRow } from './load.js';
import { CANCELLATION_TOPICS } from './topics.js';

export interface CancelInput {
  orderNo: string;
  selection: SelectionItem[] | 'all';
  reasonCode: string;
  reasonText?: string | undefined;
}

export type CancelOutcome =
  | {
      result: 'cancelled';
      refund: RefundRow | null;
      /** The order, lines and latest request once the batch has run. */
      loaded: { order: OrderRow; lines: LineRow[]; shop: ShopRow; request: RequestRow | null };
    }
  | { result: 'requested'; request: RequestRow }
  | { result: 'already_cancelled'; refund: RefundRow | null };

async function latestRefund(tx: Tx, orderId: number): Promise<RefundRow | null> {
  const [row] = await tx
    .select()
    .from(refunds)
    .where(eq(refunds.orderId, orderId))
    .orderBy(desc(refunds.id))
    .limit(1);
  return row ?? null;
}

/**
 * 取消订单 / 申请取消: decides by the rules whether the cancellation takes effect at once or
 * becomes a request for the merchant, and writes every effect in the caller's transaction.
 * An instant cancellation leaves most of its writes in `batch` when the caller passes one (the
 * caller runs it); otherwise everything is written before this returns.
 */
export async function cancelOrder(
  ctx: ActionContext,
  scope: OrderScope,
  input: CancelInput,
  batch?: WriteBatch,
): Promise<CancelOutcome> {
  const { tx, now } = ctx;
  const { order, lines, shop, latest, cancellable } = await lockForCancellation(
    tx,
    { orderNo: input.orderNo },
    scope,
  );
  // A repeat of a cancellation that already happened gets the existing result, not an error.
  if (order.status === 'cancelled')
    return { result: 'already_cancelled', refund: await latestRefund(tx, order.id) };

  const settings = await cancellationSettings(tx);
  const assessment = assessCancellation(cancellable, settings, now);
  const problem = checkSelection(cancellable, assessment, input.selection);
  if (problem)
    throw new DomainError(problem, {
      blockedBy: assessment.blockedBy,
      partialBlockedBy: assessment.partialBlockedBy,
    });
  const reasonProblem = validateReason(settings, input.reasonCode, input.reasonText);
  if (reasonProblem) throw new DomainError(reasonProblem);
  const selection = resolveSelection(cancellable, assessment, input.selection);
  const reasonText = input.reasonText?.trim() || null;

  if (assessment.mode === 'instant') {
    const paid = order.paidAt !== null;
    const writes = batch ?? new WriteBatch();
    const applied = await applyCancellation(
      ctx,
      {
        order,
        lines,
        selection,
        kind: 'instant',
        reasonCode: input.reasonCode,
        reasonText,
        requestId: null,
        chargeFees: feesApply(cancellable, assessment),
        settings,
      },
      writes,
    );
    if (!paid) ctx.outbox.emitInto(writes, CANCELLATION_TOPICS.voidPayment, { orderId: order.id });
    if (!batch) await writes.run(tx);
    return {
      result: 'cancelled',
      refund: applied.refund,
      loaded: { order: applied.order, lines: applied.lines, shop, request: latest },
    };
  }

  const whole = isWholeSelection(cancellable, assessment, input.selection);
  const slaDeadline = new Date(now.getTime() + settings.requestSlaHours * 3_600_000);
  const [request] = await tx
    .insert(cancellationRequests)
    .values({
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      status: 'pending',
      selection,
      whole,
      reasonCode: input.reasonCode,
      reasonText,
      requestedBy: ctx.actor.id,
      requestedRole: ctx.actor.role,
      requestedAt: now,
      slaDeadline,
    })
    .returning();
  if (!request) throw new Error('request insert returned nothing');
  await addTimeline(tx, order.id, 'cancellation.requested', ctx.actor, now, {
    requestId: request.id,
    reasonCode: input.reasonCode,
    ...(reasonText ? { reasonText } : {}),
    slaDeadline: slaDeadline.toISOString(),
  });
  await audit(tx, {
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    action: 'cancellation.request',
    entityType: 'order',
    entityId: order.id,
    after: { requestId: request.id, selection, reasonCode: input.reasonCode },
    requestId: ctx.requestId,
  });
  await ctx.outbox.emit(tx, CANCELLATION_TOPICS.requested, {
    orderId: order.id,
    requestId: request.id,
  });
  await ctx.outbox.emit(
    tx,
    CANCELLATION_TOPICS.requestTimeout,
    { requestId: request.id },
    { runAt: slaDeadline },
  );
  return { result: 'requested', request };
}

/** The request, if any, most recently made on an order. */
export async function latestRequest(tx: Tx, orderId: number): Promise<RequestRow | null> {
  const [row] = await tx
    .select()
    .from(cancellationRequests)
    .where(and(eq(cancellationRequests.orderId, orderId)))
    .orderBy(desc(cancellationRequests.id))
    .limit(1);
  return row ?? null;
}
