import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import {
  afterSalesCases,
  cancellationLines,
  cancellationRequests,
  cancellations,
  notices,
  orderEvents,
  orderLines,
  orders,
  payments,
  refundEvents,
  refundEvidence,
  refunds,
  shops,
  users,
} from '../../platform/db/schema/index.js';
import { auditPage } from './audit-query.js';
import type { AuditRowView } from '../../../contracts/audit.js';
import type { SupportHistory, SupportHistoryLoader } from './support-history.js';
import type { OrderScope } from '../orders/lock.js';
import { scopeCondition } from '../orders/lock.js';
import { DomainError } from '../../../domain/errors.js';

export type EvidenceFile = typeof refundEvidence.$inferSelect & { zipPath: string };

/** Everything a dispute needs about one order, read in one consistent snapshot. */
export interface BundleData {
  exportedAt: string;
  exportedFor: 'shopper' | 'staff';
  order: typeof orders.$inferSelect;
  shopName: string;
  shopperName: string;
  lines: (typeof orderLines.$inferSelect)[];
  payments: (typeof payments.$inferSelect)[];
  cancellationRequests: (typeof cancellationRequests.$inferSelect)[];
  cancellations: (typeof cancellations.$inferSelect & {
    lines: (typeof cancellationLines.$inferSelect)[];
  })[];
  refunds: (typeof refunds.$inferSelect & { events: (typeof refundEvents.$inferSelect)[] })[];
  afterSalesCases: (typeof afterSalesCases.$inferSelect)[];
  timeline: (typeof orderEvents.$inferSelect)[];
  notices: (typeof notices.$inferSelect)[];
  evidence: EvidenceFile[];
  support: SupportHistory;
  audit: AuditRowView[];
}

/** Zip entry names: no folders from user input, nothing outside the archive. */
export function safeEntryName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '_');
  return cleaned.slice(-120) || 'file';
}

const AUDIT_PAGE = 200;

export async function loadBundleData(
  db: Executor,
  orderNo: string,
  scope: OrderScope,
  loadSupport: SupportHistoryLoader,
  now: Date,
): Promise<BundleData> {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.orderNo, orderNo), scopeCondition(scope)))
    .limit(1);
  if (!order) throw new DomainError('ORDER_NOT_FOUND');
  const [shop] = await db
    .select({ name: shops.name })
    .from(shops)
    .where(eq(shops.id, order.shopId));
  const [shopper] = await db
    .select({ name: users.displayName })
    .from(users)
    .where(eq(users.id, order.shopperId));
  const forShopper = 'shopperId' in scope;
  // A shopper's bundle has their own notices; staff see what went to everyone about the order.
  const noticeFilter: SQL | undefined = forShopper
    ? and(eq(notices.orderId, order.id), eq(notices.userId, order.shopperId))
    : eq(notices.orderId, order.id);

  const [lines, pays, requests, cancels, refundRows, cases, timeline, noticeRows, support] =
    await Promise.all([
      db
        .select()
        .from(orderLines)
        .where(eq(orderLines.orderId, order.id))
        .orderBy(asc(orderLines.id)),
      db.select().from(payments).where(eq(payments.orderId, order.id)).orderBy(asc(payments.id)),
      db
        .select()
        .from(cancellationRequests)
        .where(eq(cancellationRequests.orderId, order.id))
        .orderBy(asc(cancellationRequests.id)),
      db
        .select()
        .from(cancellations)
        .where(eq(cancellations.orderId, order.id))
        .orderBy(asc(cancellations.id)),
      db.select().from(refunds).where(eq(refunds.orderId, order.id)).orderBy(asc(refunds.id)),
      db
        .select()
        .from(afterSalesCases)
        .where(eq(afterSalesCases.orderId, order.id))
        .orderBy(asc(afterSalesCases.id)),
      db
        .select()
        .from(orderEvents)
        .where(eq(orderEvents.orderId, order.id))
        .orderBy(asc(orderEvents.id)),
      db.select().from(notices).where(noticeFilter).orderBy(asc(notices.id)),
      loadSupport(db, order.id),
    ]);
  const refundIds = refundRows.map((r) => r.id);
  const cancelIds = cancels.map((c) => c.id);
  const [events, evidence, cancelLines] = await Promise.all([
    refundIds.length
      ? db
          .select()
          .from(refundEvents)
          .where(inArray(refundEvents.refundId, refundIds))
          .orderBy(asc(refundEvents.id))
      : Promise.resolve([]),
    refundIds.length
      ? db
          .select()
          .from(refundEvidence)
          .where(inArray(refundEvidence.refundId, refundIds))
          .orderBy(asc(refundEvidence.id))
      : Promise.resolve([]),
    cancelIds.length
      ? db
          .select()
          .from(cancellationLines)
          .where(inArray(cancellationLines.cancellationId, cancelIds))
      : Promise.resolve([]),
  ]);
  const audit: AuditRowView[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await auditPage(
      db,
      { orderNo, limit: AUDIT_PAGE, ...(cursor ? { cursor } : {}) },
      { any: true },
    );
    audit.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  audit.reverse();
  return {
    exportedAt: now.toISOString(),
    exportedFor: forShopper ? 'shopper' : 'staff',
    order,
    shopName: shop?.name ?? '',
    shopperName: shopper?.name ?? '',
    lines,
    payments: pays,
    cancellationRequests: requests,
    cancellations: cancels.map((c) => ({
      ...c,
      lines: cancelLines.filter((l) => l.cancellationId === c.id),
    })),
    refunds: refundRows.map((r) => ({ ...r, events: events.filter((e) => e.refundId === r.id) })),
    afterSalesCases: cases,
    timeline,
    notices: noticeRows,
    evidence: evidence.map((e) => ({
      ...e,
      zipPath: `evidence/${e.refundId}-${e.id}-${safeEntryName(e.fileName)}`,
    })),
    support,
    // Staff identities stay with staff: a shopper's copy names roles only.
    audit: forShopper ? audit.map((a) => ({ ...a, actorName: null })) : audit,
  };
}
