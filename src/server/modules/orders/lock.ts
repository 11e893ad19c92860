import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import { cancellationRequests, orderLines, orders, shops } from '../../platform/db/schema/index.js';
import type { LineRow, OrderRow } from './views.js';

/** Which orders a caller may touch: a shopper their own, a merchant their shop's, staff any. */
export type OrderScope = { shopperId: number } | { shopId: number } | { any: true };

export function scopeCondition(scope: OrderScope): SQL | undefined {
  if ('shopperId' in scope) return eq(orders.shopperId, scope.shopperId);
  if ('shopId' in scope) return eq(orders.shopId, scope.shopId);
  return undefined;
}

type ByKey = 'orderNo' | 'id' | 'requestId';
type ScopeKey = 'shopperId' | 'shopId' | 'any';

/** Which order: by number, by id, or the order a 申请取消 belongs to. */
export type OrderKey = { orderNo: string } | { id: number } | { requestId: number };

function scopeKey(scope: OrderScope): { key: ScopeKey; value: number | null } {
  if ('shopperId' in scope) return { key: 'shopperId', value: scope.shopperId };
  if ('shopId' in scope) return { key: 'shopId', value: scope.shopId };
  return { key: 'any', value: null };
}

export type ShopRow = typeof shops.$inferSelect;

type LockedRow = { order: OrderRow; shop: ShopRow; line: LineRow };

// One built statement per shape (key, scope, lock or not): the order, its shop and its lines in
// one round trip. Locking takes FOR UPDATE OF orders and order_lines row by row in line-id order,
// the order's row first on the first row, so the fixed lock order order → lines holds. The shop
// comes along unlocked, for answers that show it.
const orderQueries = new Map<
  string,
  (db: Executor, v: Record<string, unknown>) => Promise<LockedRow[]>
>();
function orderQuery(by: ByKey, scope: ScopeKey, lock: boolean) {
  const shape = `${by}:${scope}:${lock}`;
  let query = orderQueries.get(shape);
  if (!query) {
    query = fixedQuery((db) => {
      const key = sql.placeholder('key');
      const select = db
        .select({ order: orders, shop: shops, line: orderLines })
        .from(orders)
        .innerJoin(shops, eq(shops.id, orders.shopId))
        .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
        .where(
          and(
            by === 'orderNo'
              ? eq(orders.orderNo, key)
              : by === 'id'
                ? eq(orders.id, key)
                : eq(
                    orders.id,
                    sql`(SELECT ${cancellationRequests.orderId} FROM ${cancellationRequests} WHERE ${cancellationRequests.id} = ${key})`,
                  ),
            scope === 'any' ? undefined : eq(orders[scope], sql.placeholder('scope')),
          ),
        )
        .orderBy(asc(orderLines.id));
      return lock ? select.for('update', { of: [orders, orderLines] }) : select;
    });
    orderQueries.set(shape, query);
  }
  return query;
}

/**
 * Locks an order, then its lines (ascending id), in one statement: the first two steps of the
 * fixed lock order order → lines → variants. An order outside the caller's scope is "not
 * found", never "forbidden", so its existence does not leak.
 */
export async function lockOrder(
  tx: Executor,
  by: OrderKey,
  scope: OrderScope,
  opts: { lock: boolean } = { lock: true },
): Promise<{ order: OrderRow; lines: LineRow[]; shop: ShopRow }> {
  const key: ByKey = 'orderNo' in by ? 'orderNo' : 'id' in by ? 'id' : 'requestId';
  const s = scopeKey(scope);
  const value = 'orderNo' in by ? by.orderNo : 'id' in by ? by.id : by.requestId;
  const rows = await orderQuery(key, s.key, opts.lock)(tx, { key: value, scope: s.value });
  const [first] = rows;
  if (!first) throw new DomainError('ORDER_NOT_FOUND');
  return { order: first.order, shop: first.shop, lines: rows.map((r) => r.line) };
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
