import { and, asc, desc, eq } from 'drizzle-orm';
import type { AddressChangeOptions } from '../../../contracts/address-change.js';
import { assessAddressChange } from '../../../domain/address-change.js';
import { ERRORS } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { addressChangeRequests, orders } from '../../platform/db/schema/index.js';
import { findOrder, type OrderScope } from '../orders/lock.js';
import { cancellationSettings } from '../settings/service.js';
import { addressChangeView } from './views.js';

/** What the order page offers (read without locks: the change itself decides under lock). */
export async function addressChangeOptions(
  db: Executor,
  orderNo: string,
  scope: OrderScope,
): Promise<AddressChangeOptions> {
  const order = await findOrder(db, orderNo, scope);
  const [latest] = await db
    .select()
    .from(addressChangeRequests)
    .where(eq(addressChangeRequests.orderId, order.id))
    .orderBy(desc(addressChangeRequests.id))
    .limit(1);
  const settings = await cancellationSettings(db);
  const assessed = assessAddressChange(order, latest?.status === 'pending');
  const blockedBy = 'blockedBy' in assessed ? assessed.blockedBy : null;
  return {
    mode: 'mode' in assessed ? assessed.mode : null,
    blockedBy,
    blockedText: blockedBy ? { zh: ERRORS[blockedBy].zh, en: ERRORS[blockedBy].en } : null,
    requestSlaHours: settings.requestSlaHours,
    current: {
      name: order.receiverName,
      phone: order.receiverPhone,
      address: order.receiverAddress,
    },
    latest: latest ? addressChangeView(latest, order.orderNo) : null,
  };
}

/** A shop's open address changes of orders still to ship, soonest deadline first. */
export async function merchantAddressQueue(db: Executor, shopId: number) {
  const rows = await db
    .select({ r: addressChangeRequests, orderNo: orders.orderNo })
    .from(addressChangeRequests)
    .innerJoin(orders, eq(orders.id, addressChangeRequests.orderId))
    .where(
      and(
        eq(addressChangeRequests.shopId, shopId),
        eq(addressChangeRequests.status, 'pending'),
        eq(orders.status, 'awaiting_shipment'),
      ),
    )
    .orderBy(asc(addressChangeRequests.slaDeadline))
    .limit(200);
  return rows.map((x) => addressChangeView(x.r, x.orderNo));
}
