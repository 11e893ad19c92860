import { describe, expect, it } from 'vitest';
import { paymentArrival } from './payment-arrival.js';

describe('paymentArrival', () => {
  it.each([
    ['pending_payment', 0, 'pays_order'],
    ['cancelled', 0, 'late'],
    ['pending_payment', 1, 'double'], // cannot last: the first payment moved the order on
    ['awaiting_shipment', 1, 'double'],
    ['awaiting_receipt', 1, 'double'],
    ['completed', 2, 'double'],
    ['cancelled', 1, 'double'], // paid, cancelled (refunded), then paid again
  ] as const)('order %s with %i other payment(s) taken → %s', (orderStatus, others, expected) => {
    expect(paymentArrival({ orderStatus, otherPaymentsTaken: others })).toBe(expected);
  });
});
