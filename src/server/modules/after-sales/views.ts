import { inArray } from 'drizzle-orm';
import type { AfterSalesCaseView } from '../../../contracts/after-sales.js';
import type { Executor } from '../../platform/db/client.js';
import { orders, refunds } from '../../platform/db/schema/index.js';
import type { CaseRow } from './service.js';

/** Cases as the API shows them: with their order number and the amount of their refund. */
export async function caseViews(db: Executor, rows: CaseRow[]): Promise<AfterSalesCaseView[]> {
  if (rows.length === 0) return [];
  const orderRows = await db
    .select({ id: orders.id, orderNo: orders.orderNo })
    .from(orders)
    .where(
      inArray(
        orders.id,
        rows.map((r) => r.orderId),
      ),
    );
  const refundIds = rows.map((r) => r.refundId).filter((x): x is number => x !== null);
  const refundRows = refundIds.length
    ? await db
        .select({ id: refunds.id, amountFen: refunds.amountFen })
        .from(refunds)
        .where(inArray(refunds.id, refundIds))
    : [];
  return rows.map((c) => ({
    id: c.id,
    orderNo: orderRows.find((o) => o.id === c.orderId)?.orderNo ?? '',
    kind: c.kind,
    status: c.status,
    selection: c.selection as { lineId: number; quantity: number }[],
    reasonCode: c.reasonCode,
    reasonText: c.reasonText,
    returnCarrier: c.returnCarrier,
    returnTrackingNo: c.returnTrackingNo,
    decisionReason: c.decisionReason,
    refundId: c.refundId,
    refundFen: refundRows.find((r) => r.id === c.refundId)?.amountFen ?? null,
    createdAt: c.createdAt.toISOString(),
  }));
}

export async function caseView(db: Executor, c: CaseRow): Promise<AfterSalesCaseView> {
  const [view] = await caseViews(db, [c]);
  if (!view) throw new Error('unreachable');
  return view;
}
