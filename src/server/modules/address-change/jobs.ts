import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { SYSTEM_ACTOR } from '../orders/timeline.js';
import { runAddressChange } from './change.js';

/** At the SLA deadline an unanswered address change is accepted. Safe to run twice. */
export function registerAddressChangeJobs(deps: Deps): void {
  const { db } = deps.database;
  deps.outbox.subscribe(
    'address_change.request_timeout',
    'address_change.request_timeout',
    async (event, ctx) => {
      const { requestId } = event.payload;
      await withTx(db, (tx) =>
        runAddressChange(
          { tx, outbox: deps.outbox, actor: SYSTEM_ACTOR, now: ctx.now },
          {
            target: { requestId },
            scope: { any: true },
            command: { kind: 'decide', requestId, decision: 'timeout' },
          },
        ),
      ).catch((err: unknown) => {
        // Decided by the merchant already, or the order was cancelled meanwhile.
        if (
          err instanceof DomainError &&
          (err.code === 'ADDRESS_CHANGE_REQUEST_DECIDED' ||
            err.code === 'ADDRESS_CHANGE_NOT_ALLOWED')
        )
          return;
        throw err;
      });
    },
  );
}
