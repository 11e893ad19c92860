// A refund the merchant made in the provider's own dashboard took money the order held. It is
// spread over the order lines by what each can still refund (its paid amount minus what was
// refunded on it), by largest remainder, so a later cancellation or refund of the same money
// pays only what is left and is refused here rather than by the provider. Whatever exceeds
// the lines' room (shipping, or more than the lines still hold) stays on the refund alone.

import { prorate, type Fen } from './money.js';
import { linePaidFen } from './refund-calculation.js';

export interface RefundedLine {
  id: number;
  unitPriceFen: Fen;
  qtyOrdered: number;
  discountFen: Fen;
  refundedFen: Fen;
}

export interface LineRefundMove {
  lineId: number;
  refundFen: Fen;
}

/** Each line's part of a dashboard refund of `amountFen`; lines that take nothing are left out. */
export function spreadDashboardRefund(
  lines: readonly RefundedLine[],
  amountFen: Fen,
): LineRefundMove[] {
  const rooms = lines.map((l) => Math.max(0, linePaidFen(l) - l.refundedFen));
  const room = rooms.reduce((a, b) => a + b, 0);
  if (room === 0) return [];
  // With the amount capped at Σ room, no part exceeds its line's room.
  const parts = prorate(Math.min(amountFen, room), rooms);
  return lines
    .map((l, i) => ({ lineId: l.id, refundFen: parts[i] ?? 0 }))
    .filter((m) => m.refundFen > 0);
}
