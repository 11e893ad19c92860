import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import {
  allowedMerchantActions,
  allowedShopperActions,
  type OrderState,
} from '../../../domain/order-transitions.js';
import type {
  CancellationRequestView,
  OrderDetail,
  OrderSummary,
} from '../../../contracts/orders.js';
import type { Executor } from '../../platform/db/client.js';
import { fixedQuery } from '../../platform/db/fixed-query.js';
import {
  cancellationRequests,
  orderEvents,
  orderLines,
  orders,
  shops,
} from '../../platform/db/schema/index.js';
import { policyView, productImageUrl } from '../catalog/views.js';

export type OrderRow = typeof orders.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;
type ShopRow = typeof shops.$inferSelect;
type RequestRow = typeof cancellationRequests.$inferSelect;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function orderState(o: OrderRow): OrderState {
  return {
    status: o.status,
    preparingAt: o.preparingAt,
    deliveredAt: o.deliveredAt,
    paymentDeadline: o.paymentDeadline,
  };
}

function lineView(l: LineRow) {
  const lineTotal = l.unitPriceFen * l.qtyOrdered;
  return {
    id: l.id,
    productId: l.productId,
    variantId: l.variantId,
    title: l.title,
    titleEn: l.titleEn,
    variantName: l.variantName,
    variantNameEn: l.variantNameEn,
    imageUrl: productImageUrl(l.productId),
    unitPriceFen: l.unitPriceFen,
    qtyOrdered: l.qtyOrdered,
    qtyCancelled: l.qtyCancelled,
    qtyShipped: l.qtyShipped,
    discountFen: l.discountFen,
    paidFen: lineTotal - l.discountFen,
    refundedFen: l.refundedFen,
    policy: policyView(l.policy as AfterSalesPolicy),
  };
}

export function summaryView(o: OrderRow, shop: ShopRow, lines: LineRow[], now: Date): OrderSummary {
  const state = orderState(o);
  return {
    orderNo: o.orderNo,
    status: o.status,
    preparing: o.preparingAt !== null,
    delivered: o.deliveredAt !== null,
    shop: { id: shop.id, name: shop.name, nameEn: shop.nameEn },
    createdAt: o.createdAt.toISOString(),
    payableFen: o.payableFen,
    paidFen: o.paidFen,
    paymentDeadline: o.paymentDeadline.toISOString(),
    refundStatus: o.refundStatus,
    itemCount: lines.reduce((n, l) => n + l.qtyOrdered, 0),
    lines: lines.map(lineView),
    shopperActions: allowedShopperActions(state, now),
    merchantActions: allowedMerchantActions(state, now),
  };
}

/** Summaries for a page of orders: one query for shops and one for all their lines. */
export async function summariesOf(
  db: Executor,
  rows: OrderRow[],
  now: Date,
): Promise<OrderSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((o) => o.id);
  const [lines, shopRows] = await Promise.all([
    db
      .select()
      .from(orderLines)
      .where(inArray(orderLines.orderId, ids))
      .orderBy(asc(orderLines.id)),
    db
      .select()
      .from(shops)
      .where(inArray(shops.id, [...new Set(rows.map((o) => o.shopId))])),
  ]);
  return rows.map((o) => {
    const shop = shopRows.find((s) => s.id === o.shopId);
    if (!shop) throw new Error(`shop ${o.shopId} of order ${o.id} missing`);
    return summaryView(
      o,
      shop,
      lines.filter((l) => l.orderId === o.id),
      now,
    );
  });
}

type TimelineEntry = Pick<typeof orderEvents.$inferInsert, 'kind' | 'actorRole' | 'data'> & {
  createdAt?: Date | undefined;
};

export async function detailOf(db: Executor, o: OrderRow, now: Date): Promise<OrderDetail> {
  const [summary] = await summariesOf(db, [o], now);
  if (!summary) throw new Error('unreachable');
  const [request] = await db
    .select()
    .from(cancellationRequests)
    .where(and(eq(cancellationRequests.orderId, o.id)))
    .orderBy(desc(cancellationRequests.id))
    .limit(1);
  return detailView(o, summary, request ?? null, await timelineOf(db, { orderId: o.id }), now);
}

/**
 * The detail of an order whose row, lines, shop, latest request and timeline are already in
 * hand (a use case loaded and planned them): no read at all.
 */
export function detailFrom(
  loaded: { order: OrderRow; lines: LineRow[]; shop: ShopRow; request: RequestRow | null },
  events: TimelineEntry[],
  now: Date,
): OrderDetail {
  const { order: o } = loaded;
  return detailView(o, summaryView(o, loaded.shop, loaded.lines, now), loaded.request, events, now);
}

const timelineOf = fixedQuery((db) =>
  db
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, sql.placeholder('orderId')))
    .orderBy(asc(orderEvents.id)),
);

function detailView(
  o: OrderRow,
  summary: OrderSummary,
  request: RequestRow | null,
  events: TimelineEntry[],
  now: Date,
): OrderDetail {
  return {
    ...summary,
    goodsFen: o.goodsFen,
    discountFen: o.discountFen,
    shippingFen: o.shippingFen,
    payment: {
      channel: (o.paymentChannel as OrderDetail['payment']['channel']) ?? null,
      paidAt: iso(o.paidAt),
    },
    shipment: {
      carrier: o.carrier,
      trackingNo: o.trackingNo,
      shippedAt: iso(o.shippedAt),
      deliveredAt: iso(o.deliveredAt),
      completedAt: iso(o.completedAt),
    },
    receiver: { name: o.receiverName, phone: o.receiverPhone, address: o.receiverAddress },
    timeline: events.map((e) => ({
      kind: e.kind,
      at: (e.createdAt ?? now).toISOString(),
      actorRole: e.actorRole,
      data: (e.data ?? {}) as Record<string, unknown>,
    })),
    cancellationRequest: request ? requestView(request) : null,
  };
}

export function requestView(r: RequestRow): CancellationRequestView {
  return {
    id: r.id,
    status: r.status,
    whole: r.whole,
    selection: r.selection as CancellationRequestView['selection'],
    reasonCode: r.reasonCode,
    reasonText: r.reasonText,
    requestedAt: r.requestedAt.toISOString(),
    slaDeadline: r.slaDeadline.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionReason: r.decisionReason,
  };
}
