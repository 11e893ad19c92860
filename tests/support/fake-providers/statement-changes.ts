/**
 * What a local provider's statement should get wrong, for reconciliation tests: a payment left
 * out (missing on their side), listed at another amount, or one we never took (missing on ours).
 */
export class StatementChanges {
  readonly omitted = new Set<string>();
  readonly amounts = new Map<string, number>();
  readonly extraPayments: { merchantOrderNo: string; amountFen: number; at: Date }[] = [];

  omit(merchantOrderNo: string): void {
    this.omitted.add(merchantOrderNo);
  }

  changeAmount(merchantOrderNo: string, amountFen: number): void {
    this.amounts.set(merchantOrderNo, amountFen);
  }

  addPayment(merchantOrderNo: string, amountFen: number, at = new Date()): void {
    this.extraPayments.push({ merchantOrderNo, amountFen, at });
  }

  /** The amount a payment line should show. */
  amountOf(merchantOrderNo: string, real: number): number {
    return this.amounts.get(merchantOrderNo) ?? real;
  }
}
