import { sql, type SQL } from 'drizzle-orm';
import type { AuditQuery, AuditRowView } from '../../../contracts/audit.js';
import type { Executor } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';

interface Row {
  id: string;
  created_at: string | Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  order_no: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

/** Which audit rows a staff member may read: operators and agents all, merchants their shop's. */
export type AuditScope = { any: true } | { shopId: number };

/**
 * Audit rows newest first, filtered by order, actor and time, paged by id (keyset). Every filter
 * has its own index (audit_order_idx, audit_actor_idx, audit_created_idx).
 */
export async function auditPage(
  db: Executor,
  q: AuditQuery,
  scope: AuditScope,
): Promise<{ items: AuditRowView[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (q.orderNo)
    where.push(sql`a.order_id = (SELECT id FROM orders WHERE order_no = ${q.orderNo})`);
  if (q.actor) where.push(actorCondition(q.actor));
  if (q.from) where.push(sql`a.created_at >= ${q.from}::timestamptz`);
  if (q.to) where.push(sql`a.created_at < ${q.to}::timestamptz`);
  if (q.cursor) where.push(sql`a.id < ${q.cursor}::bigint`);
  if ('shopId' in scope) where.push(sql`o.shop_id = ${scope.shopId}`);
  const filter = where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const rows = await queryRows<Row>(
    db,
    sql`SELECT a.id::text AS id, a.created_at, a.actor_id::text AS actor_id,
          u.display_name AS actor_name, a.actor_role, a.action, a.entity_type, a.entity_id,
          o.order_no, a.before, a.after, a.request_id
        FROM audit_log a
        LEFT JOIN users u ON u.id = a.actor_id
        LEFT JOIN orders o ON o.id = a.order_id
        ${filter}
        ORDER BY a.id DESC
        LIMIT ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      createdAt: new Date(r.created_at).toISOString(),
      actorId: r.actor_id === null ? null : Number(r.actor_id),
      actorName: r.actor_name,
      actorRole: r.actor_role,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orderNo: r.order_no,
      before: r.before,
      after: r.after,
      requestId: r.request_id,
    })),
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

function actorCondition(actor: string): SQL {
  if (actor === 'system') return sql`a.actor_id IS NULL`;
  if (/^\d{1,12}$/.test(actor) && !/^1\d{10}$/.test(actor))
    return sql`a.actor_id = ${Number(actor)}`;
  return sql`a.actor_id = (SELECT id FROM users WHERE email = ${actor.toLowerCase()} OR mobile = ${actor})`;
}
