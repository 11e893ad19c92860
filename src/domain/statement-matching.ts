// Daily statement reconciliation (对账): a provider's statement of one day against our payments
// and refunds. Pure: the caller loads our records (those of the day, and those the statement's
// lines name) and stores what this returns. Amounts are integer fen.

/** One line of the provider's statement, as the adapter read it. */
export interface StatementEntry {
  kind: 'payment' | 'refund';
  /** Our payment reference (out_trade_no); empty when the line names the payment otherwise. */
  merchantOrderNo: string;
  /** The provider's trade number of the payment (for UnionPay refunds: origQryId). */
  providerTradeNo: string;
  /** For refunds: our refund's key as the provider lists it. */
  refundKey: string | null;
  amountFen: number;
}

export interface OurPayment {
  id: number;
  orderNo: string;
  merchantOrderNo: string;
  providerTradeNo: string | null;
  amountFen: number;
  status: string;
  /** Taken on the statement's day by our records: it must be on the statement. */
  inDay: boolean;
}

export interface OurRefund {
  id: number;
  orderNo: string;
  /** Our key as this provider lists it (UnionPay: the orderId derived from it). */
  statementKey: string;
  /** The refunded payment's references. */
  merchantOrderNo: string;
  paymentTradeNo: string | null;
  amountFen: number;
  status: string;
  /** Arrived on the statement's day by our records: it must be on the statement. */
  inDay: boolean;
}

export type MismatchKind = 'missing_ours' | 'missing_theirs' | 'amount_differs' | 'state_differs';

export interface Mismatch {
  kind: MismatchKind;
  entry: 'payment' | 'refund';
  /** Payment: our out_trade_no; refund: the key as listed (or ours when they list nothing). */
  reference: string;
  orderNo: string | null;
  ourAmountFen: number | null;
  theirAmountFen: number | null;
  /** Our record's status where it differs (or for context); null when we have no record. */
  ourStatus: string | null;
}

export interface CountAndFen {
  count: number;
  fen: number;
}

export interface StatementTotals {
  payments: { ours: CountAndFen; theirs: CountAndFen };
  refunds: { ours: CountAndFen; theirs: CountAndFen };
}

export interface StatementResult {
  totals: StatementTotals;
  mismatches: Mismatch[];
}

/** What a statement line counts as once matched: money taken, or money given back. */
const SETTLED_PAYMENT = 'succeeded';
const SETTLED_REFUND = 'succeeded';

const KIND_ORDER: Record<MismatchKind, number> = {
  missing_ours: 0,
  missing_theirs: 1,
  amount_differs: 2,
  state_differs: 3,
};

function sum(amounts: readonly number[]): CountAndFen {
  return { count: amounts.length, fen: amounts.reduce((n, a) => n + a, 0) };
}

/** The refund a line names: our key, and the same payment when the line names one. */
function refundFor(line: StatementEntry, byKey: Map<string, OurRefund>): OurRefund | undefined {
  const refund = line.refundKey ? byKey.get(line.refundKey) : undefined;
  if (!refund) return undefined;
  if (line.merchantOrderNo && line.merchantOrderNo !== refund.merchantOrderNo) return undefined;
  if (!line.merchantOrderNo && line.providerTradeNo !== (refund.paymentTradeNo ?? '')) {
    return undefined;
  }
  return refund;
}

/**
 * Every statement line is matched to at most one of our records and each record to at most one
 * line. A line with no record is missing on our side; a record of the day with no line is
 * missing on theirs; a matched pair reports a state that is not settled on our side before an
 * amount that differs, so each line gives at most one mismatch. Order is stable (kind, entry,
 * reference), so a re-run gives the same result.
 */
export function matchStatement(
  lines: readonly StatementEntry[],
  ours: { payments: readonly OurPayment[]; refunds: readonly OurRefund[] },
): StatementResult {
  const paymentsByRef = new Map(ours.payments.map((p) => [p.merchantOrderNo, p]));
  const refundsByKey = new Map(ours.refunds.map((r) => [r.statementKey, r]));
  const matchedPayments = new Set<number>();
  const matchedRefunds = new Set<number>();
  const mismatches: Mismatch[] = [];

  const compare = (
    entry: 'payment' | 'refund',
    reference: string,
    record: { orderNo: string; amountFen: number; status: string },
    line: StatementEntry,
    settled: string,
  ) => {
    const base = {
      entry,
      reference,
      orderNo: record.orderNo,
      ourAmountFen: record.amountFen,
      theirAmountFen: line.amountFen,
      ourStatus: record.status,
    };
    if (record.status !== settled) mismatches.push({ kind: 'state_differs', ...base });
    else if (record.amountFen !== line.amountFen) {
      mismatches.push({ kind: 'amount_differs', ...base });
    }
  };

  for (const line of lines) {
    if (line.kind === 'payment') {
      const payment = paymentsByRef.get(line.merchantOrderNo);
      if (!payment || matchedPayments.has(payment.id)) {
        mismatches.push(missingOurs(line, line.merchantOrderNo));
        continue;
      }
      matchedPayments.add(payment.id);
      compare('payment', payment.merchantOrderNo, payment, line, SETTLED_PAYMENT);
    } else {
      const refund = refundFor(line, refundsByKey);
      if (!refund || matchedRefunds.has(refund.id)) {
        mismatches.push(missingOurs(line, line.refundKey ?? line.providerTradeNo));
        continue;
      }
      matchedRefunds.add(refund.id);
      compare('refund', refund.statementKey, refund, line, SETTLED_REFUND);
    }
  }

  for (const p of ours.payments) {
    if (p.inDay && !matchedPayments.has(p.id)) {
      mismatches.push(missingTheirs('payment', p.merchantOrderNo, p));
    }
  }
  for (const r of ours.refunds) {
    if (r.inDay && !matchedRefunds.has(r.id)) {
      mismatches.push(missingTheirs('refund', r.statementKey, r));
    }
  }

  mismatches.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.entry.localeCompare(b.entry) ||
      (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0) ||
      (a.theirAmountFen ?? 0) - (b.theirAmountFen ?? 0),
  );

  return {
    totals: {
      payments: {
        ours: sum(ours.payments.filter((p) => p.inDay).map((p) => p.amountFen)),
        theirs: sum(lines.filter((l) => l.kind === 'payment').map((l) => l.amountFen)),
      },
      refunds: {
        ours: sum(ours.refunds.filter((r) => r.inDay).map((r) => r.amountFen)),
        theirs: sum(lines.filter((l) => l.kind === 'refund').map((l) => l.amountFen)),
      },
    },
    mismatches,
  };
}

function missingOurs(line: StatementEntry, reference: string): Mismatch {
  return {
    kind: 'missing_ours',
    entry: line.kind,
    reference,
    orderNo: null,
    ourAmountFen: null,
    theirAmountFen: line.amountFen,
    ourStatus: null,
  };
}

function missingTheirs(
  entry: 'payment' | 'refund',
  reference: string,
  record: { orderNo: string; amountFen: number; status: string },
): Mismatch {
  return {
    kind: 'missing_theirs',
    entry,
    reference,
    orderNo: record.orderNo,
    ourAmountFen: record.amountFen,
    theirAmountFen: null,
    ourStatus: record.status,
  };
}
