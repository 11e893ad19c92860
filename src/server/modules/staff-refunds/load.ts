import { and, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../../../domain/change-records.js';
import type { StaffRefundFacts } from '../../../domain/staff-refund-plan.js';
import type { Executor } from '../../platform/db/client.js';
import { variants } from '../../platform/db/schema/index.js';
import { lockOrder, type OrderScope, type ShopRow } from '../orders/lock.js';
import type { LineRow, OrderRow } from '../orders/views.js';
import { nextRefundId } from '../refunds/create.js';
import { cancellationSettings } from '../settings/service.js';

export interface LoadedStaffRefund {
  facts: StaffRefundFacts<LineRow>;
  order: OrderRow;
  shop: ShopRow;
}

/** Today's price of each variant still on offer (a deleted variant has none: no 价保). */
async function currentPrices(db: Executor, variantIds: number[]): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: variants.id, priceFen: variants.priceFen })
    .from(variants)
    .where(and(inArray(variants.id, variantIds), isNull(variants.deletedAt)));
  return new Map(rows.map((r) => [r.id, r.priceFen]));
}

/**
 * The facts of a refund by amount: the order and its lines locked (order → lines, the fixed
 * order every writer of refunded_fen follows, so two requests at once queue and the second
 * sees the first's refund), today's prices, the operator's settings and, when a refund will be
 * written, its id. Without `lock` it is the read behind the shopper's preview.
 */
export async function loadStaffRefund(
  tx: Executor,
  orderNo: string,
  scope: OrderScope,
  actor: Actor,
  now: Date,
  opts: { lock: boolean },
): Promise<LoadedStaffRefund> {
  const { order, lines, shop } = await lockOrder(tx, { orderNo }, scope, opts);
  const prices = await currentPrices(
    tx,
    lines.map((l) => l.variantId),
  );
  const settings = await cancellationSettings(tx);
  const [taken] = opts.lock ? await nextRefundId(tx, {}) : [];
  const refundId = taken?.id ?? 0;
  return {
    facts: { order, lines, currentPrices: prices, settings, refundId, actor, now },
    order,
    shop,
  };
}
