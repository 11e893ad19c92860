import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { completeOrder } from './fulfilment.js';
import { SYSTEM_ACTOR } from './timeline.js';
import { ORDER_TOPICS } from './topics.js';

/**
 * Delayed jobs on orders. Each re-checks the order's state, so running twice is harmless. (The
 * payment deadline is a cancellation: modules/cancellation/jobs.ts.)
 */
export function registerOrderJobs(deps: Deps): void {
  deps.outbox.subscribe(ORDER_TOPICS.autoComplete, 'orders.auto_complete', async (event, ctx) => {
    const { orderId } = event.payload;
    await withTx(deps.database.db, async (tx) => {
      const action = { tx, outbox: deps.outbox, actor: SYSTEM_ACTOR, now: ctx.now };
      // The shopper may have confirmed already; then there is nothing to do.
      await completeOrder(action, { id: orderId }, { any: true }, 'auto_complete').catch(
        (err: unknown) => {
          if (err instanceof Error && 'code' in err && err.code === 'ORDER_NOT_RECEIVABLE') return;
          throw err;
        },
      );
    });
  });
}
