import { and, desc, eq, sql } from 'drizzle-orm';
import type { AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import type { CancellableOrder } from '../../../domain/cancellation-rules.js';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import { cancellationRequests } from '../../platform/db/schema/index.js';
import { lockOrder, type OrderScope } from '../orders/lock.js';
import type { LineRow, OrderRow } from '../orders/views.js';

export type RequestRow = typeof cancellationRequests.$inferSelect;

export function toCancellable(
  order: OrderRow,
  lines: LineRow[],
  pending: boolean,
): CancellableOrder {
  return {
    status: order.status,
    paidAt: order.paidAt,
    preparingAt: order.preparingAt,
    paidFen: order.paidFen,
    shippingFen: order.shippingFen,
    refundedShipping: order.shippingRefunded,
    pendingRequest: pending,
    lines: lines.map((l) => ({
      id: l.id,
      qtyOrdered: l.qtyOrdered,
      qtyCancelled: l.qtyCancelled,
      qtyShipped: l.qtyShipped,
      unitPriceFen: l.unitPriceFen,
      discountFen: l.discountFen,
      refundedFen: l.refundedFen,
      policy: l.policy as AfterSalesPolicy & { bundle?: boolean },
    })),
  };
}

export async function pendingRequestOf(
  tx: Executor,
  orderId: number,
  lock: boolean,
): Promise<RequestRow | undefined> {
  const q = tx
    .select()
    .from(cancellationRequests)
    .where(
      and(eq(cancellationRequests.orderId, orderId), eq(cancellationRequests.status, 'pending')),
    )
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

const lockLatestRequest = fixedQuery((db) =>
  db
    .select()
    .from(cancellationRequests)
    .where(eq(cancellationRequests.orderId, sql.placeholder('orderId')))
    .orderBy(desc(cancellationRequests.id))
    .limit(1)
    .for('update'),
);

/**
 * Locks the order, its lines and its latest request, in that order (the fixed lock order of
 * every use case: order → lines → request → variants). At most one request is open at a time
 * and a new one can only follow a decided one, so an open request is always the latest.
 */
export async function lockForCancellation(
  tx: Executor,
  by: { orderNo: string } | { id: number },
  scope: OrderScope,
) {
  const { order, lines, shop } = await lockOrder(tx, by, scope);
  const [latest] = await lockLatestRequest(tx, { orderId: order.id });
  const pending = latest?.status === 'pending' ? latest : undefined;
  return {
    order,
    lines,
    shop,
    latest: latest ?? null,
    pending,
    cancellable: toCancellable(order, lines, pending !== undefined),
  };
}
