// A product's after-sales policy, shown before purchase and applied at cancellation.

import { assertFen, formatYuan, type Fen } from './money.js';

export type PolicyKind =
  'full_refund' | 'refund_minus_fee' | 'no_refund_after_shipment' | 'non_cancellable';

export interface AfterSalesPolicy {
  kind: PolicyKind;
  feeKind: 'percent' | 'fixed' | null;
  /** percent: basis points (500 = 5%); fixed: fen. */
  feeValue: number;
}

const BP_PER_WHOLE = 10_000n;

function assertFeeValue(p: AfterSalesPolicy): void {
  if (!Number.isSafeInteger(p.feeValue) || p.feeValue < 0) {
    throw new RangeError(`fee value must be a non-negative integer: ${p.feeValue}`);
  }
}

function chargesFee(p: AfterSalesPolicy): p is AfterSalesPolicy & { feeKind: 'percent' | 'fixed' } {
  return p.kind === 'refund_minus_fee' && p.feeKind !== null && p.feeValue > 0;
}

/** 500 → "5%", 250 → "2.5%", 1 → "0.01%". */
function formatPercent(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

/** One sentence a shopper reads on the product page. */
export function describePolicy(p: AfterSalesPolicy): { zh: string; en: string } {
  assertFeeValue(p);
  switch (p.kind) {
    case 'full_refund':
      return { zh: '支持全额退款', en: 'Full refund available.' };
    case 'refund_minus_fee': {
      if (!chargesFee(p)) return { zh: '支持全额退款', en: 'Full refund available.' };
      const fee = p.feeKind === 'percent' ? formatPercent(p.feeValue) : formatYuan(p.feeValue);
      return {
        zh: `取消或退款将收取 ${fee} 手续费`,
        en: `A ${fee} fee is charged on cancellation or refund.`,
      };
    }
    case 'no_refund_after_shipment':
      return {
        zh: '发货前可取消并全额退款，发货后不支持退款',
        en: 'Full refund if cancelled before shipment; no refunds after shipment.',
      };
    case 'non_cancellable':
      return {
        zh: '该商品付款后不可取消',
        en: 'This item cannot be cancelled once paid.',
      };
  }
}

/**
 * The fee kept when a line paid `linePaidFen` is cancelled. Only refund_minus_fee charges;
 * whether cancelling is allowed at all is decided elsewhere. Always 0 ≤ fee ≤ linePaidFen.
 */
export function cancellationFee(p: AfterSalesPolicy, linePaidFen: Fen): Fen {
  assertFen(linePaidFen);
  assertFeeValue(p);
  if (!chargesFee(p)) return 0;
  if (p.feeKind === 'fixed') return Math.min(p.feeValue, linePaidFen);
  // BigInt: paid × bp can exceed 2^53; floor favours the shopper.
  const fee = Number((BigInt(linePaidFen) * BigInt(p.feeValue)) / BP_PER_WHOLE);
  return Math.min(fee, linePaidFen);
}
