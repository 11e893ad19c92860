import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  AFTER_SALES_BLOCK_TEXT,
  AFTER_SALES_REASONS,
  afterSalesDeadline,
  assessAfterSales,
  refundableLines,
} from '../../../domain/after-sales-rules.js';
import type { afterSalesOptions } from '../../../contracts/after-sales.js';
import type { Db } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { afterSalesCases } from '../../platform/db/schema/index.js';
import { lockOrder, type OrderScope } from '../orders/lock.js';
import { cancellationSettings } from '../settings/service.js';
import { toAfterSalesOrder } from './service.js';

/**
 * What the 申请售后 page shows: whether the order may open a case (and why not), until when,
 * how many units of each line, and the reasons. Read in one snapshot without locks.
 */
export async function afterSalesOptionsOf(
  db: Db,
  orderNo: string,
  scope: OrderScope,
  now: Date,
): Promise<z.infer<typeof afterSalesOptions>> {
  return withTx(db, async (tx) => {
    const { order, lines } = await lockOrder(tx, { orderNo }, scope, { lock: false });
    const [open] = await tx
      .select({ id: afterSalesCases.id })
      .from(afterSalesCases)
      .where(
        and(
          eq(afterSalesCases.orderId, order.id),
          inArray(afterSalesCases.status, ['pending_review', 'awaiting_return', 'returned']),
        ),
      );
    const facts = toAfterSalesOrder(order, lines, open !== undefined);
    const settings = await cancellationSettings(tx);
    const block = assessAfterSales(facts, settings.afterSalesDays, now);
    const deadline = afterSalesDeadline(facts, settings.afterSalesDays);
    return {
      allowed: block === null,
      blockedBy: block,
      blockedText: block ? AFTER_SALES_BLOCK_TEXT[block] : null,
      deadline: deadline?.toISOString() ?? null,
      lines: refundableLines(facts).map((l) => ({
        lineId: l.id,
        refundable: l.qtyShipped - l.qtyAfterSales,
      })),
      reasons: AFTER_SALES_REASONS.map((r) => ({ ...r, kinds: [...r.kinds] })),
    };
  });
}
