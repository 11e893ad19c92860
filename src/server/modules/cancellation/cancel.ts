import { desc, eq } from 'drizzle-orm';
import {
  planCancellation,
  type CancellationCommand,
  type CancellationOutcome,
} from '../../../domain/cancellation-plan.js';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import type { WriteBatch } from '../../platform/db/write-batch.js';
import { refunds } from '../../platform/db/schema/index.js';
import type { ActionContext } from '../orders/fulfilment.js';
import type { OrderKey, OrderScope, ShopRow } from '../orders/lock.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { refundRow, type RefundRow } from '../refunds/create.js';
import { loadCancellation, type RequestRow, type TimelineEntry } from './load.js';
import { persistCancellation } from './persist.js';

export interface CancellationRequest {
  /** The order, by number or id, or the order of the request being decided. */
  target: OrderKey;
  scope: OrderScope;
  command: CancellationCommand;
}

export interface CancellationResult {
  outcome: CancellationOutcome;
  /** The order, its lines, shop and latest request as they are once this commits. */
  order: OrderRow;
  lines: LineRow[];
  shop: ShopRow;
  request: RequestRow | null;
  /** The refund this created, or for a repeat the order's latest refund. */
  refund: RefundRow | null;
  /** The order's whole timeline after the change, when asked for (the caller answers with it). */
  timeline: TimelineEntry[] | null;
}

async function latestRefund(db: Executor, orderId: number): Promise<RefundRow | null> {
  const [row] = await db
    .select()
    .from(refunds)
    .where(eq(refunds.orderId, orderId))
    .orderBy(desc(refunds.id))
    .limit(1);
  return row ?? null;
}

/**
 * Every cancellation — 取消订单 by the shopper or by staff for them, 申请取消, the merchant's
 * decision, the SLA's automatic approval, the payment deadline — in the caller's transaction:
 * load (locks and reads, loadCancellation) → plan (pure, domain/cancellation-plan.ts) →
 * persist (one write statement, persistCancellation). A refusal throws DomainError.
 */
export async function runCancellation(
  ctx: ActionContext,
  req: CancellationRequest,
  opts: {
    /** Load the order's timeline too, for an answer with the order's detail. */
    timeline?: boolean;
    /** The caller's last write (persistCancellation): the plan is written with it. */
    writeWith?: WriteBatch;
  } = {},
): Promise<CancellationResult> {
  const loaded = await loadCancellation(
    ctx.tx,
    req.target,
    req.scope,
    req.command,
    ctx.actor,
    ctx.now,
    { timeline: opts.timeline ?? false },
  ).catch((err: unknown) => {
    // Another shop's request: not found, so its existence does not leak.
    if ('requestId' in req.target && err instanceof DomainError && err.code === 'ORDER_NOT_FOUND')
      throw new DomainError('CANCELLATION_REQUEST_NOT_FOUND');
    throw err;
  });
  const plan = planCancellation(loaded.facts, req.command);
  await persistCancellation(ctx.tx, ctx.outbox, plan, ctx.requestId, opts.writeWith);
  const refund = plan.refund
    ? refundRow(plan.refund)
    : plan.outcome === 'already_cancelled'
      ? await latestRefund(ctx.tx, plan.after.order.id)
      : null;
  return {
    outcome: plan.outcome,
    order: plan.after.order,
    lines: plan.after.lines,
    shop: loaded.shop,
    request: plan.after.request,
    refund,
    timeline: loaded.timeline && [...loaded.timeline, ...plan.timeline],
  };
}
