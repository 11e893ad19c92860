import type { Deps } from '../../deps.js';
import { REFUND_TOPICS } from './create.js';
import {
  reconcileEventId,
  reconcileRefunds,
  RECONCILE_EVERY_MS,
  RECONCILE_TOPIC,
} from './reconcile.js';
import { submitRefund } from './submit.js';
import { REFUND_STATUS_TOPICS } from './transition.js';

/** Refund jobs: pay out approved refunds, and reconcile with the provider every minute. */
export function registerRefundJobs(deps: Deps): void {
  const submit = async (event: { payload: { refundId: number } }) =>
    submitRefund(deps, event.payload.refundId);
  deps.outbox.subscribe(REFUND_TOPICS.created, 'refunds.submit_created', submit, 20);
  deps.outbox.subscribe(REFUND_STATUS_TOPICS.approved, 'refunds.submit_approved', submit, 20);
  deps.outbox.subscribe(RECONCILE_TOPIC, 'refunds.reconcile', async (_event, ctx) => {
    await reconcileRefunds(deps);
    // Schedule the next round; the minute-based event id keeps it to one across all workers.
    const next = new Date(ctx.now.getTime() + RECONCILE_EVERY_MS);
    await deps.outbox.emit(
      deps.database.db,
      RECONCILE_TOPIC,
      {},
      { runAt: next, eventId: reconcileEventId(next) },
    );
  });
}

/** Starts the reconcile cycle (idempotent: called by every worker at start). */
export async function scheduleRefundReconciliation(deps: Deps): Promise<void> {
  const at = deps.clock.now();
  await deps.outbox.emit(
    deps.database.db,
    RECONCILE_TOPIC,
    {},
    { runAt: at, eventId: reconcileEventId(at) },
  );
}
