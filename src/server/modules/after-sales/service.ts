import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import {
  assessAfterSales,
  checkAfterSalesSelection,
  isAfterSalesReason,
  type AfterSalesKind,
  type AfterSalesOrder,
} from '../../../domain/after-sales-rules.js';
import { DomainError } from '../../../domain/errors.js';
import {
  linePaidFen,
  paidShareOf,
  type RefundChannel,
} from '../../../domain/refund-calculation.js';
import type { Tx } from '../../platform/db/client.js';
import type { Topic } from '../../events.js';
import { afterSalesCases, orderLines, stockMovements } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { ActionContext } from '../orders/fulfilment.js';
import { lockOrder, type OrderScope } from '../orders/lock.js';
import { lockVariants } from '../orders/stock.js';
import { addTimeline } from '../orders/timeline.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { createRefund } from '../refunds/create.js';
import { cancellationSettings } from '../settings/service.js';

export type CaseRow = typeof afterSalesCases.$inferSelect;
type Selection = { lineId: number; quantity: number }[];
const OPEN = ['pending_review', 'awaiting_return', 'returned'] as const;

export function toAfterSalesOrder(
  order: OrderRow,
  lines: LineRow[],
  openCase: boolean,
): AfterSalesOrder {
  return {
    status: order.status,
    shippedAt: order.shippedAt,
    deliveredAt: order.deliveredAt,
    openCase,
    lines: lines.map((l) => ({
      id: l.id,
      qtyShipped: l.qtyShipped,
      qtyAfterSales: l.qtyAfterSales,
      policy: l.policy as AfterSalesPolicy,
    })),
  };
}

export async function openCaseOf(tx: Tx, orderId: number): Promise<CaseRow | undefined> {
  const [row] = await tx
    .select()
    .from(afterSalesCases)
    .where(and(eq(afterSalesCases.orderId, orderId), inArray(afterSalesCases.status, [...OPEN])))
    .for('update');
  return row;
}

async function record(
  ctx: ActionContext,
  c: CaseRow,
  kind: Extract<Topic, `after_sales.${string}`>,
  data: Record<string, unknown> = {},
) {
  await addTimeline(ctx.tx, c.orderId, kind, ctx.actor, ctx.now, {
    caseId: c.id,
    kind: c.kind,
    ...data,
  });
  await audit(ctx.tx, {
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    action: kind,
    entityType: 'after_sales_case',
    entityId: c.id,
    orderId: c.orderId,
    after: { status: c.status, ...data },
    requestId: ctx.requestId,
  });
  await ctx.outbox.emit(ctx.tx, kind, { caseId: c.id, orderId: c.orderId });
}

/** 申请售后: opens a case (one open case per order), checked against the window and policies. */
export async function requestAfterSales(
  ctx: ActionContext,
  orderNo: string,
  scope: OrderScope,
  input: {
    kind: AfterSalesKind;
    selection: Selection | 'all';
    reasonCode: string;
    reasonText?: string | undefined;
  },
): Promise<CaseRow> {
  const { order, lines } = await lockOrder(ctx.tx, { orderNo }, scope);
  const open = await openCaseOf(ctx.tx, order.id);
  const facts = toAfterSalesOrder(order, lines, open !== undefined);
  const settings = await cancellationSettings(ctx.tx);
  const block = assessAfterSales(facts, settings.afterSalesDays, ctx.now);
  if (block) throw new DomainError('AFTER_SALES_NOT_ALLOWED', { blockedBy: block });
  if (!isAfterSalesReason(input.kind, input.reasonCode))
    throw new DomainError('CANCEL_REASON_INVALID');
  if (input.reasonCode === 'other' && !input.reasonText?.trim())
    throw new DomainError('CANCEL_REASON_TEXT_REQUIRED');
  const checked = checkAfterSalesSelection(facts, input.selection);
  if ('error' in checked) throw new DomainError(checked.error);
  const [c] = await ctx.tx
    .insert(afterSalesCases)
    .values({
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      kind: input.kind,
      status: 'pending_review',
      selection: checked.selection,
      reasonCode: input.reasonCode,
      reasonText: input.reasonText?.trim() || null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  if (!c) throw new Error('case insert returned nothing');
  await record(ctx, c, 'after_sales.requested', { reasonCode: input.reasonCode });
  return c;
}

/** Locks the case's order (scope-checked), its lines, then the case. */
async function lockCase(ctx: ActionContext, caseId: number, scope: OrderScope) {
  const [peek] = await ctx.tx
    .select({ orderId: afterSalesCases.orderId })
    .from(afterSalesCases)
    .where(eq(afterSalesCases.id, caseId));
  if (!peek) throw new DomainError('AFTER_SALES_NOT_FOUND');
  const { order, lines } = await lockOrder(ctx.tx, { id: peek.orderId }, scope).catch(
    (err: unknown) => {
      if (err instanceof DomainError && err.code === 'ORDER_NOT_FOUND')
        throw new DomainError('AFTER_SALES_NOT_FOUND');
      throw err;
    },
  );
  const [c] = await ctx.tx
    .select()
    .from(afterSalesCases)
    .where(eq(afterSalesCases.id, caseId))
    .for('update');
  if (!c) throw new DomainError('AFTER_SALES_NOT_FOUND');
  return { order, lines, c };
}

async function setStatus(
  ctx: ActionContext,
  c: CaseRow,
  status: CaseRow['status'],
  extra: Partial<CaseRow> = {},
): Promise<CaseRow> {
  const [updated] = await ctx.tx
    .update(afterSalesCases)
    .set({ ...extra, status, updatedAt: ctx.now })
    .where(eq(afterSalesCases.id, c.id))
    .returning();
  if (!updated) throw new Error('case vanished');
  return updated;
}

/** The refund of a case: the paid share of its units, on top of everything refunded before. */
async function refundCase(
  ctx: ActionContext,
  order: OrderRow,
  lines: LineRow[],
  c: CaseRow,
  returned: boolean,
): Promise<CaseRow> {
  const selection = c.selection as Selection;
  let total = 0;
  const refundLines: { lineId: number; quantity: number; refundFen: number }[] = [];
  for (const s of selection) {
    const l = lines.find((x) => x.id === s.lineId);
    if (!l || s.quantity > l.qtyShipped - l.qtyAfterSales)
      throw new DomainError('CANCEL_QUANTITY_EXCEEDED');
    const done = l.qtyCancelled + l.qtyAfterSales;
    const asLine = { ...l, policy: l.policy as AfterSalesPolicy };
    // What a 价保, 补偿 or 线下退款 already gave back on the line is not paid again.
    const amount = Math.min(
      paidShareOf(asLine, done + s.quantity) - paidShareOf(asLine, done),
      Math.max(0, linePaidFen(asLine) - l.refundedFen),
    );
    total += amount;
    refundLines.push({ lineId: l.id, quantity: s.quantity, refundFen: amount });
    await ctx.tx
      .update(orderLines)
      .set({
        qtyAfterSales: sql`${orderLines.qtyAfterSales} + ${s.quantity}`,
        ...(returned ? { qtyReturned: sql`${orderLines.qtyReturned} + ${s.quantity}` } : {}),
        refundedFen: sql`${orderLines.refundedFen} + ${amount}`,
      })
      .where(eq(orderLines.id, l.id));
  }
  if (returned) {
    // Returned goods go back on the shelf: shipped → available, through the ledger.
    await lockVariants(
      ctx.tx,
      selection.map((s) => lines.find((l) => l.id === s.lineId)?.variantId ?? 0),
    );
    for (const s of selection) {
      const variantId = lines.find((l) => l.id === s.lineId)?.variantId ?? 0;
      await ctx.tx.execute(sql`UPDATE variants SET stock_shipped = stock_shipped - ${s.quantity},
        stock_available = stock_available + ${s.quantity} WHERE id = ${variantId}`);
      await ctx.tx.insert(stockMovements).values({
        variantId,
        kind: 'return',
        quantity: s.quantity,
        orderId: order.id,
        orderLineId: s.lineId,
      });
    }
  }
  let refundId: number | null = null;
  if (total > 0 && order.paymentChannel) {
    const refund = await createRefund(ctx.tx, ctx.outbox, ctx.actor, ctx.now, {
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      cancellationId: null,
      amountFen: total,
      channel: order.paymentChannel as RefundChannel,
      // The merchant has just approved (or received the goods): no second review.
      review: { review: false, reasons: [] },
    });
    refundId = refund.id;
  }
  const done = await setStatus(ctx, c, 'completed', {
    refundId,
    refundLines: refundId === null ? null : refundLines,
  });
  await record(ctx, done, 'after_sales.completed', { refundFen: total });
  return done;
}

/** The merchant (or an operator) approves or rejects a case under review. */
export async function decideAfterSales(
  ctx: ActionContext,
  caseId: number,
  scope: OrderScope,
  decision: { decision: 'approve' } | { decision: 'reject'; reason: string },
): Promise<CaseRow> {
  const { order, lines, c } = await lockCase(ctx, caseId, scope);
  if (c.status !== 'pending_review')
    throw new DomainError('AFTER_SALES_DECIDED', { status: c.status });
  if (decision.decision === 'reject') {
    const rejected = await setStatus(ctx, c, 'rejected', { decisionReason: decision.reason });
    await record(ctx, rejected, 'after_sales.rejected', { reason: decision.reason });
    return rejected;
  }
  if (c.kind === 'refund_only') return refundCase(ctx, order, lines, c, false);
  const approved = await setStatus(ctx, c, 'awaiting_return');
  await record(ctx, approved, 'after_sales.approved');
  return approved;
}

/** The shopper sends the goods back and gives the carrier and tracking number. */
export async function markReturned(
  ctx: ActionContext,
  caseId: number,
  scope: OrderScope,
  shipment: { carrier: string; trackingNo: string },
) {
  const { c } = await lockCase(ctx, caseId, scope);
  if (c.status !== 'awaiting_return')
    throw new DomainError('AFTER_SALES_DECIDED', { status: c.status });
  const updated = await setStatus(ctx, c, 'returned', {
    returnCarrier: shipment.carrier,
    returnTrackingNo: shipment.trackingNo,
  });
  await record(ctx, updated, 'after_sales.returned', shipment);
  return updated;
}

/** The merchant confirms the returned goods arrived: stock back, then the refund. */
export async function confirmReturnReceived(ctx: ActionContext, caseId: number, scope: OrderScope) {
  const { order, lines, c } = await lockCase(ctx, caseId, scope);
  if (c.status !== 'returned') throw new DomainError('AFTER_SALES_DECIDED', { status: c.status });
  return refundCase(ctx, order, lines, c, true);
}
