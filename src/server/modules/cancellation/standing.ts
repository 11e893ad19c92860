import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { CancellationSettings } from '../../../domain/cancellation-settings.js';
import type { Executor } from '../../platform/db/client.js';
import { cancellations } from '../../platform/db/schema/index.js';

/** Cancellations the shopper chose (not payment timeouts) within the rolling window. */
export async function recentCancellations(
  db: Executor,
  shopperId: number,
  settings: CancellationSettings,
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - settings.standingWindowDays * 86_400_000);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cancellations)
    .where(
      and(
        eq(cancellations.shopperId, shopperId),
        gt(cancellations.createdAt, since),
        inArray(cancellations.kind, ['instant', 'request_approved', 'request_auto_approved']),
      ),
    );
  return Number(row?.n ?? 0);
}
