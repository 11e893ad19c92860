import { describe, it, expect } from 'vitest';
import { ORDER_STATUSES, type OrderStatus } from './order-status.js';
import {
  allowedMerchantActions,
  allowedShopperActions,
  checkOrderAction,
  isNoop,
  nextOrderStatus,
  ORDER_ACTIONS,
  type OrderAction,
  type OrderState,
} from './order-transitions.js';
import type { DomainErrorCode } from './errors.js';

const deadline = new Date('2026-11-27T02:30:00Z');
const before = new Date('2026-11-27T02:29:59.999Z');
const after = new Date('2026-11-27T02:30:00Z'); // exactly at the deadline counts as passed
const t = new Date('2026-11-27T01:00:00Z');

const state = (status: OrderStatus, over: Partial<OrderState> = {}): OrderState => ({
  status,
  preparingAt: null,
  deliveredAt: null,
  paymentDeadline: deadline,
  ...over,
});

type Table = Record<OrderStatus, Record<OrderAction, DomainErrorCode | null>>;

function tableAt(now: Date, over: Partial<OrderState> = {}): Table {
  return Object.fromEntries(
    ORDER_STATUSES.map((s) => [
      s,
      Object.fromEntries(ORDER_ACTIONS.map((a) => [a, checkOrderAction(state(s, over), a, now)])),
    ]),
  ) as Table;
}

const terminal = {
  pay: 'ORDER_NOT_PAYABLE',
  prepare: 'ORDER_NOT_SHIPPABLE',
  ship: 'ORDER_NOT_SHIPPABLE',
  deliver: 'ORDER_NOT_DELIVERABLE',
  confirm_receipt: 'ORDER_NOT_RECEIVABLE',
  auto_complete: 'ORDER_NOT_RECEIVABLE',
  timeout_cancel: 'ORDER_NOT_CANCELLABLE',
} as const;

describe('checkOrderAction: every status × action', () => {
  it('before the payment deadline', () => {
    expect(tableAt(before)).toEqual({
      pending_payment: { ...terminal, pay: null },
      awaiting_shipment: { ...terminal, prepare: null, ship: null },
      shipped: { ...terminal, deliver: null, confirm_receipt: null, auto_complete: null },
      completed: terminal,
      cancelled: terminal,
    });
  });

  it('at or after the payment deadline', () => {
    expect(tableAt(after)).toEqual({
      pending_payment: { ...terminal, pay: 'PAYMENT_DEADLINE_PASSED', timeout_cancel: null },
      awaiting_shipment: { ...terminal, prepare: null, ship: null },
      shipped: { ...terminal, deliver: null, confirm_receipt: null, auto_complete: null },
      completed: terminal,
      cancelled: terminal,
    });
  });

  it('repeat prepare / deliver are no-ops, not errors', () => {
    expect(tableAt(before, { preparingAt: t, deliveredAt: t })).toEqual(tableAt(before));
  });
});

describe('isNoop', () => {
  it.each<[OrderStatus, Partial<OrderState>, OrderAction, boolean]>([
    ['awaiting_shipment', { preparingAt: t }, 'prepare', true],
    ['awaiting_shipment', {}, 'prepare', false],
    ['shipped', { preparingAt: t }, 'prepare', false],
    ['shipped', { deliveredAt: t }, 'deliver', true],
    ['shipped', {}, 'deliver', false],
    ['completed', { deliveredAt: t }, 'deliver', false],
    ['awaiting_shipment', { preparingAt: t }, 'ship', false],
    ['pending_payment', {}, 'pay', false],
  ])('%s %o %s → %s', (status, over, action, expected) => {
    expect(isNoop(state(status, over), action)).toBe(expected);
  });
});

describe('nextOrderStatus', () => {
  it.each<[OrderStatus, Partial<OrderState>, OrderAction, OrderStatus]>([
    ['pending_payment', {}, 'pay', 'awaiting_shipment'],
    ['pending_payment', {}, 'timeout_cancel', 'cancelled'],
    ['awaiting_shipment', {}, 'prepare', 'awaiting_shipment'],
    ['awaiting_shipment', { preparingAt: t }, 'ship', 'shipped'],
    ['shipped', {}, 'deliver', 'shipped'],
    ['shipped', {}, 'confirm_receipt', 'completed'],
    ['shipped', { deliveredAt: t }, 'auto_complete', 'completed'],
  ])('%s %o %s → %s', (status, over, action, expected) => {
    expect(nextOrderStatus(state(status, over), action)).toBe(expected);
  });
});

describe('allowed actions for the UI', () => {
  it.each<[OrderStatus, Partial<OrderState>, string[], string[]]>([
    ['pending_payment', {}, ['pay'], []],
    ['awaiting_shipment', {}, [], ['prepare', 'ship']],
    ['awaiting_shipment', { preparingAt: t }, [], ['ship']],
    ['shipped', {}, ['confirm_receipt'], ['deliver']],
    ['shipped', { deliveredAt: t }, ['confirm_receipt'], []],
    ['completed', {}, [], []],
    ['cancelled', {}, [], []],
  ])('%s %o → shopper %o, merchant %o', (status, over, shopper, merchant) => {
    expect(allowedShopperActions(state(status, over))).toEqual(shopper);
    expect(allowedMerchantActions(state(status, over))).toEqual(merchant);
  });

  it('with now, hides pay after the deadline', () => {
    expect(allowedShopperActions(state('pending_payment'), before)).toEqual(['pay']);
    expect(allowedShopperActions(state('pending_payment'), after)).toEqual([]);
  });

  it('every offered action passes the guard', () => {
    for (const s of ORDER_STATUSES) {
      for (const over of [{}, { preparingAt: t, deliveredAt: t }]) {
        const st = state(s, over);
        for (const a of [
          ...allowedShopperActions(st, before),
          ...allowedMerchantActions(st, before),
        ]) {
          expect(checkOrderAction(st, a, before)).toBeNull();
          expect(isNoop(st, a)).toBe(false);
        }
      }
    }
  });
});
