import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { CancellationSettings } from '../../../domain/cancellation-settings.js';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import { cancellations } from '../../platform/db/schema/index.js';

const countSince = fixedQuery((db) =>
  db
    .select({ n: sql<number>`count(*)::int` })
    .from(cancellations)
    .where(
      and(
        eq(cancellations.shopperId, sql.placeholder('shopperId')),
        gt(cancellations.createdAt, sql.placeholder('since')),
        inArray(cancellations.kind, ['instant', 'request_approved', 'request_auto_approved']),
      ),
    ),
);

/** Cancellations the shopper chose (not payment timeouts) within the rolling window. */
export async function recentCancellations(
  db: Executor,
  shopperId: number,
  settings: CancellationSettings,
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - settings.standingWindowDays * 86_400_000);
  const [row] = await countSince(db, { shopperId, since: since.toISOString() });
  return Number(row?.n ?? 0);
}
