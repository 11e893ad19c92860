// Order transitions are data: which statuses each action may start from, and the error code
// when it may not. Guards are pure; the UI's action buttons come from the same table.

import type { DomainErrorCode } from './errors.js';
import type { OrderStatus } from './order-status.js';

export const ORDER_ACTIONS = [
  'pay',
  'prepare',
  'ship',
  'deliver',
  'confirm_receipt',
  'auto_complete',
  'timeout_cancel',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export interface OrderState {
  status: OrderStatus;
  preparingAt: Date | null;
  deliveredAt: Date | null;
  paymentDeadline: Date;
}

interface Transition {
  from: OrderStatus;
  to: OrderStatus;
  /** Returned when the order is in any other status. */
  otherwise: DomainErrorCode;
}

export const ORDER_TRANSITIONS: Readonly<Record<OrderAction, Transition>> = {
  pay: { from: 'pending_payment', to: 'awaiting_shipment', otherwise: 'ORDER_NOT_PAYABLE' },
  // Preparing stays in 待发货; it only changes how cancellation works.
  prepare: { from: 'awaiting_shipment', to: 'awaiting_shipment', otherwise: 'ORDER_NOT_SHIPPABLE' },
  ship: { from: 'awaiting_shipment', to: 'shipped', otherwise: 'ORDER_NOT_SHIPPABLE' },
  deliver: { from: 'shipped', to: 'shipped', otherwise: 'ORDER_NOT_DELIVERABLE' },
  confirm_receipt: { from: 'shipped', to: 'completed', otherwise: 'ORDER_NOT_RECEIVABLE' },
  auto_complete: { from: 'shipped', to: 'completed', otherwise: 'ORDER_NOT_RECEIVABLE' },
  timeout_cancel: { from: 'pending_payment', to: 'cancelled', otherwise: 'ORDER_NOT_CANCELLABLE' },
};

/** True when the action would leave the state as it is (repeat prepare / deliver). */
export function isNoop(state: OrderState, action: OrderAction): boolean {
  if (state.status !== ORDER_TRANSITIONS[action].from) return false;
  if (action === 'prepare') return state.preparingAt !== null;
  if (action === 'deliver') return state.deliveredAt !== null;
  return false;
}

/** null when the action is allowed (or a no-op) at `now`, else the error code. */
export function checkOrderAction(
  state: OrderState,
  action: OrderAction,
  now: Date,
): DomainErrorCode | null {
  const t = ORDER_TRANSITIONS[action];
  if (state.status !== t.from) return t.otherwise;
  const pastDeadline = now.getTime() >= state.paymentDeadline.getTime();
  if (action === 'pay' && pastDeadline) return 'PAYMENT_DEADLINE_PASSED';
  if (action === 'timeout_cancel' && !pastDeadline) return 'ORDER_NOT_CANCELLABLE';
  return null;
}

/** The action's target status; unchanged for no-ops. Call only after checkOrderAction passed. */
export function nextOrderStatus(state: OrderState, action: OrderAction): OrderStatus {
  return isNoop(state, action) ? state.status : ORDER_TRANSITIONS[action].to;
}

function offered<A extends OrderAction>(
  actions: readonly A[],
  state: OrderState,
  now: Date | undefined,
): A[] {
  return actions.filter(
    (a) =>
      state.status === ORDER_TRANSITIONS[a].from &&
      !isNoop(state, a) &&
      (now === undefined || checkOrderAction(state, a, now) === null),
  );
}

const SHOPPER_ACTIONS = ['pay', 'confirm_receipt'] as const;
const MERCHANT_ACTIONS = ['prepare', 'ship', 'deliver'] as const;

/**
 * Buttons to show a shopper. No-ops are hidden. Pass `now` to also apply time guards
 * (hides 去付款 once the payment deadline has passed).
 */
export function allowedShopperActions(
  state: OrderState,
  now?: Date,
): (typeof SHOPPER_ACTIONS)[number][] {
  return offered(SHOPPER_ACTIONS, state, now);
}

/** Buttons to show merchant staff. No-ops are hidden. */
export function allowedMerchantActions(
  state: OrderState,
  now?: Date,
): (typeof MERCHANT_ACTIONS)[number][] {
  return offered(MERCHANT_ACTIONS, state, now);
}
