import {
  planAddressChange,
  type AddressChangeCommand,
  type AddressChangeOutcome,
  type AddressChangeRecord,
  type DeliveryAddress,
} from '../../../domain/address-change.js';
import type { WriteBatch } from '../../platform/db/write-batch.js';
import type { ActionContext } from '../orders/fulfilment.js';
import type { OrderScope } from '../orders/lock.js';
import type { OrderRow } from '../orders/views.js';
import { loadAddressChange, type AddressChangeTarget } from './load.js';
import { persistAddressChange } from './persist.js';

export interface AddressChangeResult {
  outcome: AddressChangeOutcome;
  /** The order as it is once this commits. */
  order: OrderRow;
  address: DeliveryAddress;
  request: AddressChangeRecord | null;
}

/**
 * Every address change — the shopper's edit (at once or as a request), the merchant's accept or
 * refuse, the SLA job's acceptance — in the caller's transaction: load (order and lines locked,
 * the request read under that lock) → plan (pure, domain/address-change.ts) → persist (one
 * statement). A refusal throws DomainError and the transaction rolls back.
 */
export async function runAddressChange(
  ctx: ActionContext,
  req: { target: AddressChangeTarget; scope: OrderScope; command: AddressChangeCommand },
  opts: { writeWith?: WriteBatch } = {},
): Promise<AddressChangeResult> {
  const loaded = await loadAddressChange(
    ctx.tx,
    req.target,
    req.scope,
    req.command,
    ctx.actor,
    ctx.now,
  );
  const plan = planAddressChange(loaded.facts, req.command);
  await persistAddressChange(ctx.tx, ctx.outbox, plan, ctx.requestId, opts.writeWith);
  const a = plan.after.address;
  return {
    outcome: plan.outcome,
    order: {
      ...loaded.order,
      receiverName: a.name,
      receiverPhone: a.phone,
      receiverAddress: a.address,
    },
    address: a,
    request: plan.after.request,
  };
}
