// The order status is derived from facts (payment, cancellations, fulfilment), never stored
// on its own, so it cannot drift from what actually happened.

export const ORDER_STATUSES = [
  'pending_payment',
  'awaiting_shipment',
  'shipped',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderFacts {
  paidAt: Date | null;
  cancelledAt: Date | null;
  shippedAt: Date | null;
  completedAt: Date | null;
  lines: readonly { qtyOrdered: number; qtyCancelled: number; qtyShipped: number }[];
}

function everyUnitCancelled(lines: OrderFacts['lines']): boolean {
  const ordered = lines.reduce((n, l) => n + l.qtyOrdered, 0);
  const cancelled = lines.reduce((n, l) => n + l.qtyCancelled, 0);
  // An order with no units is not "all cancelled": that would hide a data bug.
  return ordered > 0 && cancelled >= ordered;
}

export function deriveOrderStatus(f: OrderFacts): OrderStatus {
  if (f.cancelledAt !== null || everyUnitCancelled(f.lines)) return 'cancelled';
  if (f.completedAt !== null) return 'completed';
  if (f.shippedAt !== null) return 'shipped';
  if (f.paidAt !== null) return 'awaiting_shipment';
  return 'pending_payment';
}

export type OrderTab =
  | 'all'
  | 'pending_payment'
  | 'awaiting_shipment'
  | 'shipped'
  | 'completed'
  | 'cancelled'
  | 'after_sales';

/** Display order of the My Orders tabs: 全部 / 待付款 / 待发货 / 待收货 / 已完成 / 已取消 / 退款售后. */
export const ORDER_TABS: readonly OrderTab[] = [
  'all',
  'pending_payment',
  'awaiting_shipment',
  'shipped',
  'completed',
  'cancelled',
  'after_sales',
];

export interface Label {
  zh: string;
  en: string;
}

export const STATUS_LABELS: Record<OrderStatus, Label> = {
  pending_payment: { zh: '待付款', en: 'Awaiting payment' },
  awaiting_shipment: { zh: '待发货', en: 'To be shipped' },
  shipped: { zh: '待收货', en: 'Shipped' },
  completed: { zh: '已完成', en: 'Completed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const TAB_LABELS: Record<OrderTab, Label> = {
  all: { zh: '全部', en: 'All' },
  ...STATUS_LABELS,
  after_sales: { zh: '退款售后', en: 'Refunds & after-sales' },
};
