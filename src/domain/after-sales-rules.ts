// After-sales for shipped and delivered orders (C6): 仅退款 (not received, or intercepted) and
// 退货退款 (return, then refund), within a window after delivery that the operator sets.

import type { AfterSalesPolicy } from './after-sales-policy.js';
import type { DomainErrorCode } from './errors.js';
import type { OrderStatus } from './order-status.js';

export type AfterSalesKind = 'refund_only' | 'return_refund';

export interface AfterSalesLine {
  id: number;
  qtyShipped: number;
  /** Units already refunded by after-sales (returned or not). */
  qtyAfterSales: number;
  policy: AfterSalesPolicy;
}

export interface AfterSalesOrder {
  status: OrderStatus;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  openCase: boolean;
  lines: readonly AfterSalesLine[];
}

export type AfterSalesBlock =
  'not_shipped' | 'window_closed' | 'case_open' | 'nothing_left' | 'policy';

export const AFTER_SALES_BLOCK_TEXT: Record<AfterSalesBlock, { zh: string; en: string }> = {
  not_shipped: {
    zh: '订单尚未发货，请直接取消订单',
    en: 'The order has not shipped yet; cancel it instead.',
  },
  window_closed: { zh: '已超过售后申请期限', en: 'The after-sales period has ended.' },
  case_open: {
    zh: '该订单已有处理中的售后申请',
    en: 'An after-sales request for this order is already open.',
  },
  nothing_left: { zh: '该订单的商品已全部退款', en: 'Every item of this order has been refunded.' },
  policy: { zh: '该商品发货后不支持退款', en: 'This product cannot be refunded after shipment.' },
};

/** The window runs from delivery (or shipment, while not yet delivered) for `days` days. */
export function afterSalesDeadline(
  order: Pick<AfterSalesOrder, 'shippedAt' | 'deliveredAt'>,
  days: number,
): Date | null {
  const from = order.deliveredAt ?? order.shippedAt;
  return from ? new Date(from.getTime() + days * 86_400_000) : null;
}

export function refundableLines(order: AfterSalesOrder): AfterSalesLine[] {
  return order.lines.filter(
    (l) => l.policy.kind !== 'no_refund_after_shipment' && l.qtyShipped - l.qtyAfterSales > 0,
  );
}

/** Whether after-sales can be requested now, and if not, why. */
export function assessAfterSales(
  order: AfterSalesOrder,
  days: number,
  now: Date,
): AfterSalesBlock | null {
  if (order.status !== 'shipped' && order.status !== 'completed') return 'not_shipped';
  const deadline = afterSalesDeadline(order, days);
  if (!deadline || now.getTime() > deadline.getTime()) return 'window_closed';
  if (order.openCase) return 'case_open';
  if (order.lines.every((l) => l.qtyShipped - l.qtyAfterSales <= 0)) return 'nothing_left';
  if (refundableLines(order).length === 0) return 'policy';
  return null;
}

/** Explicit units for a request: 'all' is every refundable unit left. */
export function checkAfterSalesSelection(
  order: AfterSalesOrder,
  selection: readonly { lineId: number; quantity: number }[] | 'all',
): { selection: { lineId: number; quantity: number }[] } | { error: DomainErrorCode } {
  const allowed = refundableLines(order);
  if (selection === 'all') {
    return {
      selection: allowed.map((l) => ({ lineId: l.id, quantity: l.qtyShipped - l.qtyAfterSales })),
    };
  }
  if (selection.length === 0) return { error: 'QUANTITY_INVALID' };
  const merged = new Map<number, number>();
  for (const s of selection) {
    if (!Number.isSafeInteger(s.quantity) || s.quantity < 1) return { error: 'QUANTITY_INVALID' };
    merged.set(s.lineId, (merged.get(s.lineId) ?? 0) + s.quantity);
  }
  for (const [lineId, q] of merged) {
    const line = allowed.find((l) => l.id === lineId);
    if (!line) return { error: 'CANCEL_LINE_NOT_CANCELLABLE' };
    if (q > line.qtyShipped - line.qtyAfterSales) return { error: 'CANCEL_QUANTITY_EXCEEDED' };
  }
  return { selection: [...merged].map(([lineId, quantity]) => ({ lineId, quantity })) };
}

/** Why a shopper asks for after-sales; the merchant sees the label. */
export const AFTER_SALES_REASONS = [
  { code: 'not_received', zh: '未收到货', en: 'Not received', kinds: ['refund_only'] },
  {
    code: 'intercepted',
    zh: '快递已拦截/拒收',
    en: 'Parcel intercepted or refused',
    kinds: ['refund_only'],
  },
  {
    code: 'damaged',
    zh: '商品破损',
    en: 'Arrived damaged',
    kinds: ['refund_only', 'return_refund'],
  },
  { code: 'quality', zh: '质量问题', en: 'Quality problem', kinds: ['return_refund'] },
  {
    code: 'not_as_described',
    zh: '与商品描述不符',
    en: 'Not as described',
    kinds: ['return_refund'],
  },
  { code: 'changed_mind', zh: '不想要了', en: 'Changed my mind', kinds: ['return_refund'] },
  { code: 'other', zh: '其他', en: 'Other', kinds: ['refund_only', 'return_refund'] },
] as const satisfies readonly {
  code: string;
  zh: string;
  en: string;
  kinds: readonly AfterSalesKind[];
}[];

export function isAfterSalesReason(kind: AfterSalesKind, code: string): boolean {
  return AFTER_SALES_REASONS.some(
    (r) => r.code === code && (r.kinds as readonly AfterSalesKind[]).includes(kind),
  );
}
