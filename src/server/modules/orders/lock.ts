import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import { orderLines, orders, shops } from '../../platform/db/schema/index.js';
import type { LineRow, OrderRow } from './views.js';

/** Which orders a caller may touch: a shopper their own, a merchant their shop's, staff any. */
export type OrderScope = { shopperId: number } | { shopId: number } | { any: true };

export function scopeCondition(scope: OrderScope): SQL | undefined {
  if ('shopperId' in scope) return eq(orders.shopperId, scope.shopperId);
  if ('shopId' in scope) return eq(orders.shopId, scope.shopId);
  return undefined;
}

type ByKey = 'orderNo' | 'id';
type ScopeKey = 'shopperId' | 'shopId' | 'any';

function scopeKey(scope: OrderScope): { key: ScopeKey; value: number | null } {
  if ('shopperId' in scope) return { key: 'shopperId', value: scope.shopperId };
  if ('shopId' in scope) return { key: 'shopId', value: scope.shopId };
  return { key: 'any', value: null };
}

export type ShopRow = typeof shops.$inferSelect;

// One built statement per shape (order by number or id, scope, lock or not): the hot paths run
// them on every request, so drizzle builds each once (platform/db/fixed-query.ts). The shop
// comes along (for answers that show it) without being locked.
const orderQueries = new Map<
  string,
  (db: Executor, v: Record<string, unknown>) => Promise<{ order: OrderRow; shop: ShopRow }[]>
>();
function orderQuery(by: ByKey, scope: ScopeKey, lock: boolean) {
  const shape = `${by}:${scope}:${lock}`;
  let query = orderQueries.get(shape);
  if (!query) {
    query = fixedQuery((db) => {
      const select = db
        .select({ order: orders, shop: shops })
        .from(orders)
        .innerJoin(shops, eq(shops.id, orders.shopId))
        .where(
          and(
            by === 'orderNo'
              ? eq(orders.orderNo, sql.placeholder('key'))
              : eq(orders.id, sql.placeholder('key')),
            scope === 'any' ? undefined : eq(orders[scope], sql.placeholder('scope')),
          ),
        )
        .limit(1);
      return lock ? select.for('update', { of: orders }) : select;
    });
    orderQueries.set(shape, query);
  }
  return query;
}

const linesQuery = (lock: boolean) =>
  fixedQuery((db) => {
    const select = db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, sql.placeholder('orderId')))
      .orderBy(asc(orderLines.id));
    return lock ? select.for('update') : select;
  });
const lockLines = linesQuery(true);
const readLines = linesQuery(false);

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
): Promise<{ order: OrderRow; lines: LineRow[]; shop: ShopRow }> {
  const key: ByKey = 'orderNo' in by ? 'orderNo' : 'id';
  const s = scopeKey(scope);
  const query = orderQuery(key, s.key, opts.lock);
  const [found] = await query(tx, { key: 'orderNo' in by ? by.orderNo : by.id, scope: s.value });
  if (!found) throw new DomainError('ORDER_NOT_FOUND');
  const { order, shop } = found;
  const lines = await (opts.lock ? lockLines : readLines)(tx, { orderId: order.id });
  return { order, lines, shop };
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
