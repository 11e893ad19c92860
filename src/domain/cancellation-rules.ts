// Who may cancel what, and how (C4). One assessment drives the order page (which button, why
// not), the confirmation dialog (which lines and quantities) and the server's final check, so
// what the shopper is offered is exactly what the server accepts.
//
//   状态                         mode       notes
//   待付款                       instant    whole order only (partialBlockedBy 'unpaid')
//   待发货, not preparing        instant
//   待发货, preparing, in window instant    withinFreeWindow: fee-free
//   待发货, preparing, later     request    申请取消: the merchant answers within the SLA
//   待收货                       blocked    'shipped' (the page offers after-sales instead)
//   已完成                       blocked    'completed'
//   已取消                       blocked    'already_cancelled'
//   open 申请取消                blocked    'request_pending'

import type { AfterSalesPolicy } from './after-sales-policy.js';
import type { CancellationSettings } from './cancellation-settings.js';
import type { DomainErrorCode } from './errors.js';
import type { Fen } from './money.js';
import type { OrderStatus } from './order-status.js';

export interface CancellableLine {
  id: number;
  qtyOrdered: number;
  qtyCancelled: number;
  qtyShipped: number;
  unitPriceFen: Fen;
  /** Every discount on this line, order-level ones already prorated onto it. */
  discountFen: Fen;
  /** Refunded on this line so far (cancellations and after-sales). */
  refundedFen: Fen;
  /** bundle: 组合套装, cancelled as a whole order only. */
  policy: AfterSalesPolicy & { bundle?: boolean };
}

export interface CancellableOrder {
  status: OrderStatus;
  paidAt: Date | null;
  preparingAt: Date | null;
  paidFen: Fen;
  shippingFen: Fen;
  refundedShipping: boolean;
  /** An open 申请取消 exists. */
  pendingRequest: boolean;
  lines: readonly CancellableLine[];
}

export type CancelMode = 'instant' | 'request';
export type CancelBlock =
  | 'already_cancelled'
  | 'shipped'
  | 'completed'
  | 'request_pending'
  | 'non_cancellable'
  | 'nothing_left';
export type PartialBlock = 'unpaid' | 'bundle' | 'single_unit';

export interface CancelAssessment {
  /** null exactly when blockedBy is set. */
  mode: CancelMode | null;
  blockedBy: CancelBlock | null;
  /** Paid, and still inside the free-cancel window: no fees. False when blocked or unpaid. */
  withinFreeWindow: boolean;
  partialAllowed: boolean;
  /** Why lines and quantities cannot be picked; null when partial is allowed or the order is blocked. */
  partialBlockedBy: PartialBlock | null;
  /** Lines with units that may be cancelled, in order. */
  cancellableLineIds: number[];
}

export interface SelectionItem {
  lineId: number;
  quantity: number;
}

/** Why the order cannot be cancelled, shown on the order page and in the dialog. */
export const CANCEL_BLOCK_TEXT: Record<CancelBlock, { zh: string; en: string }> = {
  already_cancelled: {
    zh: '订单已取消，无需重复操作。',
    en: 'This order has already been cancelled.',
  },
  shipped: {
    zh: '商家已发货，无法取消订单。如需退款，请在收到商品后申请售后。',
    en: 'The merchant has shipped this order, so it can no longer be cancelled. To get a refund, request after-sales once it arrives.',
  },
  completed: {
    zh: '订单已完成，无法取消。如有问题，请申请售后。',
    en: 'This order is complete and can no longer be cancelled. If something is wrong, request after-sales.',
  },
  request_pending: {
    zh: '已提交取消申请，请等待商家处理。商家超时未处理的，将自动同意取消。',
    en: 'You have already requested a cancellation. Please wait for the merchant; if they do not answer in time, it is approved automatically.',
  },
  non_cancellable: {
    zh: '订单中的商品付款后不可取消。',
    en: 'The items in this order cannot be cancelled once paid.',
  },
  nothing_left: {
    zh: '订单中的商品已全部取消或发货，没有可取消的商品。',
    en: 'Every item in this order has already been cancelled or shipped.',
  },
};

/** Why only the whole order can be cancelled, shown beside the 整单取消 offer. */
export const PARTIAL_BLOCK_TEXT: Record<PartialBlock, { zh: string; en: string }> = {
  unpaid: {
    zh: '订单尚未付款，只能整单取消。',
    en: 'This order has not been paid yet, so it can only be cancelled as a whole.',
  },
  bundle: {
    zh: '订单包含组合套装，只能整单取消。',
    en: 'This order contains a bundle, so it can only be cancelled as a whole.',
  },
  single_unit: {
    zh: '订单只剩一件商品，请直接整单取消。',
    en: 'Only one item is left in this order. Please cancel the whole order.',
  },
};

/** Units of a line not yet cancelled or shipped. */
export function remainingUnits(line: CancellableLine): number {
  return Math.max(0, line.qtyOrdered - line.qtyCancelled - line.qtyShipped);
}

function isPaid(order: CancellableOrder): boolean {
  return order.status !== 'pending_payment';
}

/** Before payment everything may be cancelled; after it, non_cancellable lines may not. */
function lineCancellable(order: CancellableOrder, line: CancellableLine): boolean {
  return remainingUnits(line) > 0 && (!isPaid(order) || line.policy.kind !== 'non_cancellable');
}

function blocked(blockedBy: CancelBlock): CancelAssessment {
  return {
    mode: null,
    blockedBy,
    withinFreeWindow: false,
    partialAllowed: false,
    partialBlockedBy: null,
    cancellableLineIds: [],
  };
}

/** Paid at most `freeCancelWindowMinutes` ago (the boundary instant is still inside). */
function inFreeWindow(order: CancellableOrder, settings: CancellationSettings, now: Date): boolean {
  if (order.paidAt === null) return false;
  const elapsed = now.getTime() - order.paidAt.getTime();
  return elapsed <= settings.freeCancelWindowMinutes * 60_000;
}

export function assessCancellation(
  order: CancellableOrder,
  settings: CancellationSettings,
  now: Date,
): CancelAssessment {
  switch (order.status) {
    case 'cancelled':
      return blocked('already_cancelled');
    case 'completed':
      return blocked('completed');
    case 'shipped':
      return blocked('shipped');
    case 'pending_payment':
    case 'awaiting_shipment':
      break;
  }
  if (order.pendingRequest) return blocked('request_pending');
  if (order.lines.every((l) => remainingUnits(l) === 0)) return blocked('nothing_left');

  const paid = isPaid(order);
  const bundle = order.lines.some((l) => l.policy.bundle === true);
  const cancellable = order.lines.filter((l) => lineCancellable(order, l));
  if (cancellable.length === 0) return blocked('non_cancellable');
  // A bundle goes whole or not at all: an uncancellable unit left in it blocks the rest.
  if (
    paid &&
    bundle &&
    cancellable.length < order.lines.filter((l) => remainingUnits(l) > 0).length
  ) {
    return blocked('non_cancellable');
  }

  const withinFreeWindow = paid && inFreeWindow(order, settings, now);
  const mode: CancelMode =
    !paid || order.preparingAt === null || withinFreeWindow ? 'instant' : 'request';
  const units = cancellable.reduce((n, l) => n + remainingUnits(l), 0);
  const partialBlockedBy: PartialBlock | null = !paid
    ? 'unpaid'
    : bundle
      ? 'bundle'
      : units <= 1
        ? 'single_unit'
        : null;
  return {
    mode,
    blockedBy: null,
    withinFreeWindow,
    partialAllowed: partialBlockedBy === null,
    partialBlockedBy,
    cancellableLineIds: cancellable.map((l) => l.id),
  };
}

/** Fees apply to a paid order cancelled outside the free window (instant or by request). */
export function feesApply(order: CancellableOrder, assessment: CancelAssessment): boolean {
  return isPaid(order) && order.paidAt !== null && !assessment.withinFreeWindow;
}

/** Every remaining unit of every cancellable line: what 整单取消 cancels. */
export function wholeSelection(
  order: CancellableOrder,
  assessment: CancelAssessment,
): SelectionItem[] {
  const ids = new Set(assessment.cancellableLineIds);
  return order.lines
    .filter((l) => ids.has(l.id))
    .map((l) => ({ lineId: l.id, quantity: remainingUnits(l) }))
    .filter((s) => s.quantity > 0);
}

/** Quantities per line, repeated lines summed, in first-seen order. */
function mergeSelection(selection: readonly SelectionItem[]): SelectionItem[] {
  const merged = new Map<number, number>();
  for (const s of selection) merged.set(s.lineId, (merged.get(s.lineId) ?? 0) + s.quantity);
  return [...merged].map(([lineId, quantity]) => ({ lineId, quantity }));
}

/**
 * null when the selection may be cancelled now, else the error code. 'all' is the whole
 * selection; an explicit selection that covers every remaining cancellable unit counts as
 * whole too. A line listed twice counts once with the quantities summed.
 */
export function checkSelection(
  order: CancellableOrder,
  assessment: CancelAssessment,
  selection: readonly SelectionItem[] | 'all',
): DomainErrorCode | null {
  if (assessment.blockedBy === 'request_pending') return 'CANCELLATION_ALREADY_REQUESTED';
  if (assessment.blockedBy !== null) return 'ORDER_NOT_CANCELLABLE';
  if (selection === 'all') return null;
  if (selection.length === 0) return 'QUANTITY_INVALID';
  if (selection.some((s) => !Number.isSafeInteger(s.quantity) || s.quantity < 1)) {
    return 'QUANTITY_INVALID';
  }
  const ids = new Set(assessment.cancellableLineIds);
  const merged = mergeSelection(selection);
  for (const s of merged) {
    const line = order.lines.find((l) => l.id === s.lineId);
    if (line === undefined || !ids.has(line.id)) return 'CANCEL_LINE_NOT_CANCELLABLE';
    if (s.quantity > remainingUnits(line)) return 'CANCEL_QUANTITY_EXCEEDED';
  }
  if (!assessment.partialAllowed && !isWholeSelection(order, assessment, merged)) {
    return 'PARTIAL_CANCEL_NOT_ALLOWED';
  }
  return null;
}

/** Whether a valid selection takes every remaining unit of every cancellable line. */
export function isWholeSelection(
  order: CancellableOrder,
  assessment: CancelAssessment,
  selection: readonly SelectionItem[] | 'all',
): boolean {
  if (selection === 'all') return true;
  const merged = new Map(mergeSelection(selection).map((s) => [s.lineId, s.quantity]));
  return wholeSelection(order, assessment).every((w) => merged.get(w.lineId) === w.quantity);
}

/**
 * The explicit selection to cancel and refund: 'all' expanded, repeated lines merged.
 * Call after checkSelection returned null.
 */
export function resolveSelection(
  order: CancellableOrder,
  assessment: CancelAssessment,
  selection: readonly SelectionItem[] | 'all',
): SelectionItem[] {
  return selection === 'all' ? wholeSelection(order, assessment) : mergeSelection(selection);
}
