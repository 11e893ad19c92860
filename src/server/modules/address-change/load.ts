import { and, desc, eq, sql } from 'drizzle-orm';
import type {
  AddressChangeCommand,
  AddressChangeFacts,
  AddressChangeRecord,
} from '../../../domain/address-change.js';
import type { Actor } from '../../../domain/change-records.js';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { addressChangeRequests } from '../../platform/db/schema/index.js';
import { lockOrder, type OrderScope, type ShopRow } from '../orders/lock.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { cancellationSettings } from '../settings/service.js';

export type AddressChangeRow = typeof addressChangeRequests.$inferSelect;

/** Which order: by number (the shopper's change) or by the request being decided. */
export type AddressChangeTarget = { orderNo: string } | { requestId: number };

export interface LoadedAddressChange {
  facts: AddressChangeFacts;
  order: OrderRow;
  lines: LineRow[];
  shop: ShopRow;
}

/** The order a request belongs to (a request never moves between orders: read unlocked). */
async function orderIdOfRequest(tx: Executor, requestId: number): Promise<number> {
  const [row] = await tx
    .select({ orderId: addressChangeRequests.orderId })
    .from(addressChangeRequests)
    .where(eq(addressChangeRequests.id, requestId));
  if (!row) throw new DomainError('ADDRESS_CHANGE_REQUEST_NOT_FOUND');
  return row.orderId;
}

/**
 * The load step: the order and its lines locked (the fixed lock order order → lines, the same
 * lock shipping takes, so a change and a shipment of one order never interleave), then under
 * that lock the request — the open one, or the one being decided — and a new row's id.
 * Every writer of a request holds its order's lock, so reading it under that lock suffices.
 */
export async function loadAddressChange(
  tx: Executor,
  target: AddressChangeTarget,
  scope: OrderScope,
  command: AddressChangeCommand,
  actor: Actor,
  now: Date,
): Promise<LoadedAddressChange> {
  const by =
    'orderNo' in target
      ? { orderNo: target.orderNo }
      : { id: await orderIdOfRequest(tx, target.requestId) };
  const { order, lines, shop } = await lockOrder(tx, by, scope).catch((err: unknown) => {
    // Another shop's request: not found, so its existence does not leak.
    if ('requestId' in target && err instanceof DomainError && err.code === 'ORDER_NOT_FOUND')
      throw new DomainError('ADDRESS_CHANGE_REQUEST_NOT_FOUND');
    throw err;
  });
  const settings = await cancellationSettings(tx);
  const requestId = command.kind === 'decide' ? command.requestId : null;
  const [found] = await tx
    .select({
      request: addressChangeRequests,
      newId:
        command.kind === 'change'
          ? sql<number>`nextval(pg_get_serial_sequence('address_change_requests', 'id'))`.mapWith(
              Number,
            )
          : sql<null>`NULL`,
    })
    .from(sql`(SELECT 1) AS one`)
    .leftJoin(
      addressChangeRequests,
      and(
        eq(addressChangeRequests.orderId, order.id),
        requestId === null
          ? eq(addressChangeRequests.status, 'pending')
          : eq(addressChangeRequests.id, requestId),
      ),
    )
    .orderBy(desc(addressChangeRequests.id))
    .limit(1);
  return {
    facts: {
      order,
      request: (found?.request as AddressChangeRecord | null) ?? null,
      slaHours: settings.requestSlaHours,
      newId: found?.newId ?? null,
      actor,
      now,
    },
    order,
    lines,
    shop,
  };
}
