// What a provider's word that a payment took the shopper's money means for its order. Money that
// arrives for an order another payment already paid (the shopper paid twice, by two channels) or
// for an order cancelled unpaid goes back at once, with no review.

export type PaymentArrival =
  /** The order was waiting for this payment: it is paid now. */
  | 'pays_order'
  /** The order was cancelled before it was paid: refund this payment. */
  | 'late'
  /** Another payment already paid the order: refund this one, through its own channel. */
  | 'double';

export interface PaymentArrivalFacts {
  orderStatus: string;
  /** Other payments of the same order that already took money. */
  otherPaymentsTaken: number;
}

export function paymentArrival(f: PaymentArrivalFacts): PaymentArrival {
  if (f.otherPaymentsTaken > 0) return 'double';
  return f.orderStatus === 'pending_payment' ? 'pays_order' : 'late';
}
