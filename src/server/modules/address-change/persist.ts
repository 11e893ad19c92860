import { eq } from 'drizzle-orm';
import type { AddressChangePlan } from '../../../domain/address-change.js';
import type { AppOutbox } from '../../events.js';
import { auditRow } from '../../platform/audit.js';
import type { Tx } from '../../platform/db/client.js';
import {
  addressChangeRequests,
  auditLog,
  orderEvents,
  orders,
} from '../../platform/db/schema/index.js';
import { WriteBatch } from '../../platform/db/write-batch.js';

/**
 * Writes a plan in one statement: the new request (or the decision of the pending one), the
 * order's address, timeline, audit and events. A caller with a stored answer of its own passes
 * its batch as `writeWith`, and the plan goes out with it.
 */
export async function persistAddressChange(
  tx: Tx,
  outbox: AppOutbox,
  plan: AddressChangePlan,
  requestId: string | undefined,
  writeWith?: WriteBatch,
): Promise<void> {
  const batch = writeWith ?? new WriteBatch();
  if (plan.newRecord) batch.insert(addressChangeRequests, plan.newRecord);
  if (plan.timeline.length > 0) batch.insert(orderEvents, plan.timeline);
  if (plan.audit.length > 0)
    batch.insert(
      auditLog,
      plan.audit.map((a) => auditRow({ ...a, requestId })),
    );
  for (const e of plan.events)
    outbox.emitInto(batch, e, { runAt: 'runAt' in e ? e.runAt : undefined });
  const orderId = plan.after.request?.orderId;
  if (plan.orderAddress && orderId !== undefined) {
    const a = plan.orderAddress;
    batch.change(
      tx
        .update(orders)
        .set({ receiverName: a.name, receiverPhone: a.phone, receiverAddress: a.address })
        .where(eq(orders.id, orderId)),
    );
  }
  if (plan.decision) {
    const { id, ...decided } = plan.decision;
    batch.change(
      tx.update(addressChangeRequests).set(decided).where(eq(addressChangeRequests.id, id)),
    );
  }
  if (!writeWith) await batch.run(tx);
}
