import { and, desc, eq, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { isOrderNo } from '../../../domain/order-number.js';
import type { OrderTabName } from '../../../contracts/orders.js';
import type { Db } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';
import { orders } from '../../platform/db/schema/index.js';
import { scopeCondition, type OrderScope } from './lock.js';
import { summariesOf } from './views.js';

export interface ListQuery {
  tab: OrderTabName;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function tabCondition(tab: OrderTabName): SQL | undefined {
  if (tab === 'all') return undefined;
  if (tab === 'after_sales') return isNotNull(orders.refundStatus);
  return eq(orders.status, tab);
}

/** Search by exact order number, or by product name among the scope's own order lines. */
function searchCondition(q: string | undefined, scope: OrderScope): SQL | undefined {
  const term = q?.replace(/\s+/g, '');
  if (!q || !term) return undefined;
  if (isOrderNo(term)) return eq(orders.orderNo, term);
  const pattern = `%${escapeLike(q.trim())}%`;
  const tenant = 'shopperId' in scope ? sql`AND l.shopper_id = ${scope.shopperId}` : sql``;
  return sql`${orders.id} IN (SELECT l.order_id FROM order_lines l WHERE (l.title ILIKE ${pattern} OR l.title_en ILIKE ${pattern}) ${tenant})`;
}

/** Keyset paging, newest first: the cursor is the last order id seen. */
export async function listOrders(db: Db, scope: OrderScope, q: ListQuery, now: Date) {
  const conditions = [scopeCondition(scope), tabCondition(q.tab), searchCondition(q.q, scope)];
  if (q.cursor) conditions.push(lt(orders.id, Number(q.cursor)));
  const rows = await db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(q.limit + 1);
  const pageRows = rows.slice(0, q.limit);
  const last = pageRows.at(-1);
  return {
    items: await summariesOf(db, pageRows, now),
    nextCursor: rows.length > q.limit && last ? String(last.id) : null,
  };
}

/** Counts for every tab, from the (shopper, status) index. */
export async function countOrders(
  db: Db,
  shopperId: number,
): Promise<Record<OrderTabName, number>> {
  const rows = await queryRows<{
    status: Exclude<OrderTabName, 'all' | 'after_sales'>;
    n: number;
    after_sales: number;
  }>(
    db,
    sql`
    SELECT status, count(*)::int AS n, count(refund_status)::int AS after_sales
    FROM orders WHERE shopper_id = ${shopperId} GROUP BY status`,
  );
  const counts: Record<OrderTabName, number> = {
    all: 0,
    pending_payment: 0,
    awaiting_shipment: 0,
    shipped: 0,
    completed: 0,
    cancelled: 0,
    after_sales: 0,
  };
  for (const row of rows) {
    counts[row.status] = Number(row.n);
    counts.all += Number(row.n);
    counts.after_sales += Number(row.after_sales);
  }
  return counts;
}
