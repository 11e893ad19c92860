import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { afterSalesCases } from '../../platform/db/schema/index.js';
import type { CaseRow } from './service.js';

/** A shopper's latest after-sales cases, newest first. */
export function shopperCases(db: Executor, shopperId: number): Promise<CaseRow[]> {
  return db
    .select()
    .from(afterSalesCases)
    .where(eq(afterSalesCases.shopperId, shopperId))
    .orderBy(desc(afterSalesCases.id))
    .limit(50);
}

/** A shop's after-sales queue, oldest first, of one status or all. */
export function shopCases(
  db: Executor,
  shopId: number,
  status: CaseRow['status'] | undefined,
): Promise<CaseRow[]> {
  return db
    .select()
    .from(afterSalesCases)
    .where(
      and(
        eq(afterSalesCases.shopId, shopId),
        status ? eq(afterSalesCases.status, status) : undefined,
      ),
    )
    .orderBy(afterSalesCases.createdAt)
    .limit(200);
}
