/** Outbox topics of cancellation. */
export const CANCELLATION_TOPICS = {
  /** A cancellation took effect (whole or partial); notices go out from here. */
  orderCancelled: 'order.cancelled',
  requested: 'cancellation.requested',
  decided: 'cancellation.decided',
  /** A cancellation moved the shopper's account standing to warned or review. */
  standingChanged: 'account.standing_changed',
  /** Delayed: at the SLA deadline, an unanswered request is approved. */
  requestTimeout: 'cancellation.request_timeout',
  /** An unpaid order was cancelled: void its payment at the provider. */
  voidPayment: 'payment.void_requested',
} as const;
