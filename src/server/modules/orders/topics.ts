/** Outbox topics about orders. Delayed jobs are topics too (their rows carry run_at). */
export const ORDER_TOPICS = {
  placed: 'order.placed',
  paid: 'order.paid',
  shipped: 'order.shipped',
  completed: 'order.completed',
  cancelled: 'order.cancelled',
  /** Delayed: cancel the order if still unpaid at its deadline. */
  paymentTimeout: 'order.payment_timeout',
  /** Delayed: confirm receipt for the shopper N days after shipping. */
  autoComplete: 'order.auto_complete',
} as const;
