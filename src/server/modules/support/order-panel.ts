import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import { AFTER_SALES_REASONS } from '../../../domain/after-sales-rules.js';
import { DomainError } from '../../../domain/errors.js';
import type { OrderPanel } from '../../../contracts/support.js';
import type { Executor } from '../../platform/db/client.js';
import {
  afterSalesCases,
  auditLog,
  orders,
  refunds,
  supportChats,
  users,
} from '../../platform/db/schema/index.js';
import { detailOf } from '../orders/views.js';
import { refundDetails } from '../refunds/views.js';
import { cancellationSettings } from '../settings/service.js';

/**
 * The audit trail of an order and what hangs off it (refunds, after-sales cases, chats), each
 * row with the name of whoever did it — so an agent's act for a shopper reads as theirs.
 */
export async function orderAudit(db: Executor, orderId: number): Promise<OrderPanel['audit']> {
  const [refundRows, caseRows, chatRows] = await Promise.all([
    db.select({ id: refunds.id }).from(refunds).where(eq(refunds.orderId, orderId)),
    db
      .select({ id: afterSalesCases.id })
      .from(afterSalesCases)
      .where(eq(afterSalesCases.orderId, orderId)),
    db.select({ id: supportChats.id }).from(supportChats).where(eq(supportChats.orderId, orderId)),
  ]);
  const of = (type: string, ids: number[]) =>
    ids.length
      ? [and(eq(auditLog.entityType, type), inArray(auditLog.entityId, ids.map(String)))]
      : [];
  const rows = await db
    .select({ a: auditLog, name: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      or(
        and(eq(auditLog.entityType, 'order'), eq(auditLog.entityId, String(orderId))),
        ...of(
          'refund',
          refundRows.map((r) => r.id),
        ),
        ...of(
          'after_sales_case',
          caseRows.map((r) => r.id),
        ),
        ...of(
          'support_chat',
          chatRows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(auditLog.id))
    .limit(500);
  return rows.map(({ a, name }) => ({
    id: a.id,
    action: a.action,
    actorRole: a.actorRole,
    actorName: name,
    at: a.createdAt.toISOString(),
  }));
}

export async function loadOrderPanel(
  db: Executor,
  orderId: number,
  now: Date,
): Promise<OrderPanel> {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new DomainError('ORDER_NOT_FOUND');
  const refundRows = await db
    .select()
    .from(refunds)
    .where(eq(refunds.orderId, orderId))
    .orderBy(desc(refunds.id));
  const settings = await cancellationSettings(db);
  return {
    order: await detailOf(db, order, now),
    refunds: await refundDetails(db, refundRows, now),
    audit: await orderAudit(db, orderId),
    cancelReasons: settings.reasons.map((r) => ({
      code: r.code,
      zh: r.zh,
      en: r.en,
      needsText: r.needsText,
    })),
    afterSalesReasons: AFTER_SALES_REASONS.map((r) => ({
      code: r.code,
      zh: r.zh,
      en: r.en,
      kinds: [...r.kinds],
    })),
  };
}
