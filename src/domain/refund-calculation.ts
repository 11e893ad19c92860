// What a cancellation gives back (C4 preview, C5 refund). The preview and the final refund call
// the same function on the same facts, so the shopper is refunded exactly what they were shown.
//
// A line's paid amount is unitPrice × qtyOrdered − discount (order-level discounts already
// prorated onto lines). Cancelled units get a cumulative share of it: after c of n units are
// cancelled, floor(linePaid × c / n) has been released, so cancelling in any number of steps
// releases exactly linePaid once every unit is gone, and never a fen more.

import { cancellationFee } from './after-sales-policy.js';
import type { CancellableLine, CancellableOrder, SelectionItem } from './cancellation-rules.js';
import { remainingUnits } from './cancellation-rules.js';
import { DomainError } from './errors.js';
import { assertFen, type Fen } from './money.js';

export const REFUND_CHANNELS = ['balance', 'alipay', 'wechat', 'card'] as const;
export type RefundChannel = (typeof REFUND_CHANNELS)[number];

/** Where the money goes back to, as the preview names it. */
export const REFUND_CHANNEL_LABELS: Record<RefundChannel, { zh: string; en: string }> = {
  balance: { zh: 'B特派余额', en: 'B特派 balance' },
  alipay: { zh: '支付宝', en: 'Alipay' },
  wechat: { zh: '微信支付', en: 'WeChat Pay' },
  card: { zh: '银行卡', en: 'Bank card' },
};

export interface RefundLinePart {
  lineId: number;
  quantity: number;
  /** The part of the line's paid amount these units carry. */
  paidShareFen: Fen;
  /** Kept by the merchant under the line's policy; ≤ paidShareFen. */
  feeFen: Fen;
  /**
   * Part of the share a 价保, 补偿 or 线下退款 on the line already gave back: whatever the line
   * has no room left to refund (linePaid − refundedFen) is not paid again.
   */
  alreadyRefundedFen: Fen;
  /** paidShareFen − feeFen − alreadyRefundedFen. */
  refundFen: Fen;
}

export interface RefundPlan {
  lines: RefundLinePart[];
  /** Σ (paidShareFen − alreadyRefundedFen): the goods' value before fees, less what came back already. */
  goodsRefundFen: Fen;
  /** Σ alreadyRefundedFen. */
  alreadyRefundedFen: Fen;
  /** Σ line fees. */
  feeFen: Fen;
  shippingRefundFen: Fen;
  /** What comes back: goodsRefundFen − feeFen + shippingRefundFen. */
  totalFen: Fen;
  /** This cancellation refunds the shipping (nothing is left to ship). */
  refundsShipping: boolean;
}

/** unitPrice × qtyOrdered − discount; throws if that is not a non-negative safe integer. */
type PaidFacts = Pick<CancellableLine, 'unitPriceFen' | 'qtyOrdered' | 'discountFen'>;

export function linePaidFen(line: PaidFacts): Fen {
  assertFen(line.unitPriceFen);
  assertFen(line.discountFen);
  return assertFen(line.unitPriceFen * line.qtyOrdered - line.discountFen);
}

/**
 * The paid amount carried by the first `units` units of a line: floor(linePaid × units /
 * qtyOrdered), exactly linePaid when units = qtyOrdered. Differences of it telescope, so any
 * sequence of cancellations sums to exactly linePaid.
 */
export function paidShareOf(line: PaidFacts, units: number): Fen {
  if (!Number.isSafeInteger(units) || units < 0 || units > line.qtyOrdered) {
    throw new RangeError(`units must be an integer in 0..${line.qtyOrdered}: ${units}`);
  }
  const paid = linePaidFen(line);
  if (units === line.qtyOrdered) return paid;
  // BigInt: paid × units can exceed 2^53.
  return Number((BigInt(paid) * BigInt(units)) / BigInt(line.qtyOrdered));
}

function zeroPlan(lines: RefundLinePart[]): RefundPlan {
  return {
    lines,
    goodsRefundFen: 0,
    alreadyRefundedFen: 0,
    feeFen: 0,
    shippingRefundFen: 0,
    totalFen: 0,
    refundsShipping: false,
  };
}

/**
 * The refund for cancelling `selection` (explicit, as from resolveSelection) now. Pass
 * chargeFees false inside the free-cancel window. An unpaid order refunds nothing.
 * Throws RangeError for a selection checkSelection would reject, and
 * DomainError('REFUND_EXCEEDS_PAID') if the order's facts would refund more than was paid.
 */
export function planCancellationRefund(
  order: CancellableOrder,
  selection: readonly SelectionItem[],
  opts: { chargeFees: boolean },
): RefundPlan {
  const chosen = new Map<number, number>();
  for (const s of selection) {
    const line = order.lines.find((l) => l.id === s.lineId);
    if (line === undefined) throw new RangeError(`no line ${s.lineId} in the order`);
    const quantity = (chosen.get(s.lineId) ?? 0) + s.quantity;
    if (!Number.isSafeInteger(s.quantity) || s.quantity < 1 || quantity > remainingUnits(line)) {
      throw new RangeError(`cannot cancel ${quantity} of line ${s.lineId}`);
    }
    chosen.set(s.lineId, quantity);
  }

  const paid = order.status !== 'pending_payment' && order.paidAt !== null;
  const parts: RefundLinePart[] = [];
  for (const [lineId, quantity] of chosen) {
    const line = order.lines.find((l) => l.id === lineId);
    if (line === undefined) continue; // unreachable: checked above
    if (!paid) {
      parts.push({
        lineId,
        quantity,
        paidShareFen: 0,
        feeFen: 0,
        alreadyRefundedFen: 0,
        refundFen: 0,
      });
      continue;
    }
    const paidShareFen =
      paidShareOf(line, line.qtyCancelled + quantity) - paidShareOf(line, line.qtyCancelled);
    const feeFen = opts.chargeFees
      ? Math.min(cancellationFee(line.policy, paidShareFen), paidShareFen)
      : 0;
    const room = linePaidFen(line) - line.refundedFen;
    if (room < 0) throw new DomainError('REFUND_EXCEEDS_PAID', { lineId });
    // Refunds by amount (价保, 补偿, 线下退款) used some of the line's room: not paid twice.
    const alreadyRefundedFen = Math.max(0, paidShareFen - feeFen - room);
    const refundFen = paidShareFen - feeFen - alreadyRefundedFen;
    parts.push({ lineId, quantity, paidShareFen, feeFen, alreadyRefundedFen, refundFen });
  }
  if (!paid) return zeroPlan(parts);

  const nothingLeftToShip = order.lines.every(
    (l) => l.qtyShipped === 0 && l.qtyCancelled + (chosen.get(l.id) ?? 0) === l.qtyOrdered,
  );
  const refundsShipping = nothingLeftToShip && !order.refundedShipping && chosen.size > 0;
  const shippingRefundFen = refundsShipping ? assertFen(order.shippingFen) : 0;
  const alreadyRefundedFen = parts.reduce((n, p) => n + p.alreadyRefundedFen, 0);
  const goodsRefundFen = parts.reduce((n, p) => n + p.paidShareFen, 0) - alreadyRefundedFen;
  const feeFen = parts.reduce((n, p) => n + p.feeFen, 0);
  const totalFen = goodsRefundFen - feeFen + shippingRefundFen;

  const refundedBefore =
    order.lines.reduce((n, l) => n + l.refundedFen, 0) +
    (order.refundedShipping ? order.shippingFen : 0);
  if (refundedBefore + totalFen > order.paidFen) {
    throw new DomainError('REFUND_EXCEEDS_PAID', { orderPaidFen: order.paidFen });
  }
  return {
    lines: parts,
    goodsRefundFen,
    alreadyRefundedFen,
    feeFen,
    shippingRefundFen,
    totalFen,
    refundsShipping,
  };
}
