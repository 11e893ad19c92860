import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { cancellationRequests, orderLines, orders } from '../../platform/db/schema/index.js';

/** A shop's open 申请取消, soonest deadline first, with the lines of their orders. */
export async function merchantQueue(db: Executor, shopId: number) {
  const rows = await db
    .select({ r: cancellationRequests, orderNo: orders.orderNo, payableFen: orders.payableFen })
    .from(cancellationRequests)
    .innerJoin(orders, eq(orders.id, cancellationRequests.orderId))
    .where(and(eq(cancellationRequests.shopId, shopId), eq(cancellationRequests.status, 'pending')))
    .orderBy(asc(cancellationRequests.slaDeadline))
    .limit(200);
  const lineRows = rows.length
    ? await db
        .select()
        .from(orderLines)
        .where(
          inArray(
            orderLines.orderId,
            rows.map((x) => x.r.orderId),
          ),
        )
    : [];
  return { rows, lineRows };
}
