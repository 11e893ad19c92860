import { and, asc, eq, type SQL } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { orderLines, orders } from '../../platform/db/schema/index.js';
import type { LineRow, OrderRow } from './views.js';

/** Which orders a caller may touch: a shopper their own, a merchant their shop's, staff any. */
export type OrderScope = { shopperId: number } | { shopId: number } | { any: true };

export function scopeCondition(scope: OrderScope): SQL | undefined {
  if ('shopperId' in scope) return eq(orders.shopperId, scope.shopperId);
  if ('shopId' in scope) return eq(orders.shopId, scope.shopId);
  return undefined;
}

/**
 * Locks an order, then its lines (ascending id): the first two steps of the fixed lock order
 * order → lines → variants. An order outside the caller's scope is "not found", never
 * "forbidden", so its existence does not leak.
 */
export async function lockOrder(
  tx: Executor,
  by: { orderNo: string } | { id: number },
  scope: OrderScope,
  opts: { lock: boolean } = { lock: true },
): Promise<{ order: OrderRow; lines: LineRow[] }> {
  const key = 'orderNo' in by ? eq(orders.orderNo, by.orderNo) : eq(orders.id, by.id);
  const orderQuery = tx
    .select()
    .from(orders)
    .where(and(key, scopeCondition(scope)))
    .limit(1);
  const [order] = opts.lock ? await orderQuery.for('update') : await orderQuery;
  if (!order) throw new DomainError('ORDER_NOT_FOUND');
  const linesQuery = tx
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.id));
  const lines = opts.lock ? await linesQuery.for('update') : await linesQuery;
  return { order, lines };
}

export async function findOrder(
  db: Executor,
  orderNo: string,
  scope: OrderScope,
): Promise<OrderRow> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.orderNo, orderNo), scopeCondition(scope)))
    .limit(1);
  if (!order) throw new DomainError('ORDER_NOT_FOUND');
  return order;
}
