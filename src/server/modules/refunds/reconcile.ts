import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { refunds } from '../../platform/db/schema/index.js';
import { applyProviderRefund } from './provider-sync.js';
import { queryRefundAtProvider } from './channel-refunds.js';
import { submitRefund } from './submit.js';

/** How long a refund may go without news before we ask the provider ourselves. */
const QUIET_MS = 2 * 60_000;
const BATCH = 100;

/**
 * Asks the provider about every refund that is late or has heard nothing for a while, so a refund
 * whose webhooks were all dropped (or whose submission was lost) still reaches its final state.
 */
export async function reconcileRefunds(deps: Deps): Promise<{ checked: number; changed: number }> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const quietSince = new Date(now.getTime() - QUIET_MS);
  const stale = await db
    .select()
    .from(refunds)
    .where(
      and(
        inArray(refunds.status, ['approved', 'processing']),
        // Staff pay these outside the channel: no provider has news of them.
        isNull(refunds.payout),
        or(lt(refunds.updatedAt, quietSince), lt(refunds.expectedLatest, now)),
      ),
    )
    .orderBy(refunds.updatedAt)
    .limit(BATCH);
  let changed = 0;
  for (const r of stale) {
    if (!r.providerRefundId) {
      // Approved but never accepted by the provider: submit again under the stored key.
      await submitRefund(deps, r.id);
      changed++;
      continue;
    }
    try {
      const remote = await queryRefundAtProvider(deps, r);
      const outcome = await withTx(db, (tx) => applyProviderRefund(tx, deps.outbox, remote, now));
      if (outcome === 'applied') changed++;
      // Nothing new: note the check so the next round looks at others first.
      else await db.update(refunds).set({ updatedAt: now }).where(eq(refunds.id, r.id));
    } catch (err) {
      deps.log.warn(
        { err, refundId: r.id },
        'refund reconciliation query failed; next round retries',
      );
    }
  }
  return { checked: stale.length, changed };
}

export const RECONCILE_TOPIC = 'refunds.reconcile';
export const RECONCILE_EVERY_MS = 60_000;

/** One reconcile job per minute across every worker: the event id is the minute it runs in. */
export function reconcileEventId(at: Date): string {
  return `refunds.reconcile@${Math.floor(at.getTime() / RECONCILE_EVERY_MS)}`;
}
