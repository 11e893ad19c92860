import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { CancellationSettings } from '../../../domain/cancellation-settings.js';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import { cancellations } from '../../platform/db/schema/index.js';

/** Counts the shopper's own cancellations since a time (placeholders `shopperId`, `since`). */
export function countSinceQuery(db: Executor) {
  return db
    .select({ n: sql<number>`count(*)::int` })
    .from(cancellations)
    .where(
      and(
        eq(cancellations.shopperId, sql.placeholder('shopperId')),
        gt(cancellations.createdAt, sql.placeholder('since')),
        inArray(cancellations.kind, ['instant', 'request_approved', 'request_auto_approved']),
      ),
    );
}

const countSince = fixedQuery(countSinceQuery);

/** The start of the rolling window that standing counts over. */
export function standingSince(settings: CancellationSettings, now: Date): Date {
  return new Date(now.getTime() - settings.standingWindowDays * 86_400_000);
}

/** Cancellations the shopper chose (not payment timeouts) within the rolling window. */
export async function recentCancellations(
  db: Executor,
  shopperId: number,
  settings: CancellationSettings,
  now: Date,
): Promise<number> {
  const since = standingSince(settings, now);
  const [row] = await countSince(db, { shopperId, since: since.toISOString() });
  return Number(row?.n ?? 0);
}
