import { describe, expect, it } from 'vitest';
import type { ChannelNotify } from './channel-provider.js';
import { notifyRefusal } from './notify-check.js';

const paid = (amountFen: number): ChannelNotify => ({
  kind: 'payment',
  eventId: 'e1',
  payment: {
    provider: 'alipay',
    merchantOrderNo: 'P1',
    providerTradeNo: 'T1',
    status: 'succeeded',
    amountFen,
    paidAt: new Date(),
  },
});

const refunded = (amountFen: number): ChannelNotify => ({
  kind: 'refund',
  eventId: 'e2',
  refundedTotalFen: null,
  refund: {
    provider: 'wechatpay',
    idempotencyKey: 'refund-1-a1',
    merchantOrderNo: 'P1',
    providerRefundId: 'R1',
    amountFen,
    status: 'succeeded',
    failureReason: null,
    settledAt: new Date(),
  },
});

describe('notifyRefusal', () => {
  const recorded = { merchantOrderNo: 'P1', amountFen: 8800 };

  it('takes a payment notify of the recorded amount', () => {
    expect(notifyRefusal(paid(8800), recorded)).toBeNull();
  });

  it('refuses a payment of another amount or for a payment we never made', () => {
    expect(notifyRefusal(paid(8700), recorded)).toBe('amount_mismatch');
    expect(notifyRefusal(paid(8800), null)).toBe('unknown_payment');
    expect(notifyRefusal(paid(8800), { merchantOrderNo: 'P2', amountFen: 8800 })).toBe(
      'unknown_payment',
    );
  });

  it('refuses a refund larger than the payment', () => {
    expect(notifyRefusal(refunded(8800), recorded)).toBeNull();
    expect(notifyRefusal(refunded(8801), recorded)).toBe('amount_mismatch');
  });
});
