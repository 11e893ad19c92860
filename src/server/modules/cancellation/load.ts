import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type {
  AllocatedIds,
  CancellationCommand,
  CancellationFacts,
} from '../../../domain/cancellation-plan.js';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import {
  cancellationRequests,
  cancellations,
  orderEvents,
} from '../../platform/db/schema/index.js';
import type { Actor } from '../../../domain/change-records.js';
import { lockOrder, type OrderKey, type OrderScope, type ShopRow } from '../orders/lock.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { loadCouponUses } from '../coupons/returns.js';
import { cancellationSettings } from '../settings/service.js';
import { standingSince } from './standing.js';

export type RequestRow = typeof cancellationRequests.$inferSelect;

/** A timeline entry as the order page shows it. */
export interface TimelineEntry {
  kind: string;
  actorRole: string;
  data: unknown;
  createdAt: Date;
}

export interface LoadedCancellation {
  facts: CancellationFacts<OrderRow, LineRow>;
  shop: ShopRow;
  /** The order's timeline so far, when the caller answers with the order's detail. */
  timeline: TimelineEntry[] | null;
}

/**
 * Everything after the order lock, in one statement: the latest request (or the one being
 * decided; an open request is always the latest, and every writer of a request holds its
 * order's lock, so reading it under that lock is as good as locking it), the shopper's standing
 * count, the ids the plan's rows will carry, and the timeline when asked for.
 */
const afterLock = fixedQuery((db) => {
  const p = (name: string) => sql.placeholder(name);
  const nextId = (table: string, wanted: string) =>
    sql`CASE WHEN ${p(wanted)}::boolean THEN nextval(pg_get_serial_sequence(${sql.raw(`'${table}'`)}, 'id')) END`;
  const latest = db
    .select({ id: cancellationRequests.id })
    .from(cancellationRequests)
    .where(
      and(
        eq(cancellationRequests.orderId, p('orderId')),
        or(isNull(sql`${p('requestId')}::bigint`), eq(cancellationRequests.id, p('requestId'))),
      ),
    )
    .orderBy(desc(cancellationRequests.id))
    .limit(1);
  const standing = db
    .select({ n: sql<number>`count(*)::int` })
    .from(cancellations)
    .where(
      and(
        eq(cancellations.shopperId, p('shopperId')),
        gt(cancellations.createdAt, p('since')),
        inArray(cancellations.kind, ['instant', 'request_approved', 'request_auto_approved']),
      ),
    );
  const timeline = sql`CASE WHEN ${p('withTimeline')}::boolean THEN (
      SELECT json_agg(json_build_array(e.kind, e.actor_role, e.data, e.created_at) ORDER BY e.id)
      FROM ${orderEvents} e WHERE e.order_id = ${p('orderId')}) END`;
  return db
    .select({
      request: cancellationRequests,
      standing: sql<number>`(${standing})`.mapWith(Number),
      cancellationId: sql<number | null>`${nextId('cancellations', 'withCancellation')}`.mapWith(
        Number,
      ),
      refundId: sql<number | null>`${nextId('refunds', 'withRefund')}`.mapWith(Number),
      requestId: sql<number | null>`${nextId('cancellation_requests', 'withRequest')}`.mapWith(
        Number,
      ),
      timeline: sql<[string, string, unknown, string][] | null>`${timeline}`,
    })
    .from(sql`(SELECT 1) AS one`)
    .leftJoin(cancellationRequests, eq(cancellationRequests.id, sql`(${latest})`));
});

/** Which ids the plan may need, from what the order already says. */
function idsWanted(order: OrderRow, command: CancellationCommand) {
  const rejecting = command.kind === 'decide' && command.decision === 'reject';
  return {
    withCancellation: !rejecting,
    withRefund: !rejecting && order.paidFen > 0,
    // A 申请取消 arises only for an order the merchant is preparing.
    withRequest:
      command.kind === 'cancel' &&
      order.status === 'awaiting_shipment' &&
      order.preparingAt !== null,
  };
}

/**
 * The load step of every cancellation: locks in the fixed order (order → lines, then the
 * request is read under the order's lock; variants are locked by the write itself, in id
 * order) and reads what the plan needs, in two statements.
 */
export async function loadCancellation(
  tx: Executor,
  target: OrderKey,
  scope: OrderScope,
  command: CancellationCommand,
  actor: Actor,
  now: Date,
  opts: { timeline: boolean },
): Promise<LoadedCancellation> {
  const { order, lines, shop } = await lockOrder(tx, target, scope);
  // Only an order a coupon paid for pays the extra round trips (coupons locked after the lines).
  const couponUses =
    order.shopCouponFen + order.platformCouponFen > 0
      ? await loadCouponUses(tx, order.id, { lock: true })
      : [];
  const settings = await cancellationSettings(tx);
  const wanted = idsWanted(order, command);
  const [row] = await afterLock(tx, {
    orderId: order.id,
    requestId: command.kind === 'decide' ? command.requestId : null,
    shopperId: order.shopperId,
    since: standingSince(settings, now).toISOString(),
    withTimeline: opts.timeline,
    ...wanted,
  });
  if (!row) throw new Error('cancellation load returned nothing');
  const ids: AllocatedIds = {
    cancellationId: row.cancellationId,
    refundId: row.refundId,
    requestId: row.requestId,
  };
  return {
    facts: {
      order,
      lines,
      request: row.request,
      standingCount: row.standing,
      settings,
      ids,
      actor,
      now,
      couponUses,
    },
    shop,
    timeline: row.timeline
      ? row.timeline.map(([kind, actorRole, data, at]) => ({
          kind,
          actorRole,
          data,
          createdAt: new Date(at),
        }))
      : null,
  };
}

const pendingRequestQuery = fixedQuery((db) =>
  db
    .select()
    .from(cancellationRequests)
    .where(
      and(
        eq(cancellationRequests.orderId, sql.placeholder('orderId')),
        eq(cancellationRequests.status, 'pending'),
      ),
    )
    .orderBy(asc(cancellationRequests.id))
    .limit(1),
);

/** The open request of an order, if any (read without a lock: previews). */
export async function pendingRequestOf(
  tx: Executor,
  orderId: number,
): Promise<RequestRow | undefined> {
  const [row] = await pendingRequestQuery(tx, { orderId });
  return row;
}
