import { describe, expect, it } from 'vitest';
import {
  paidByStaff,
  parseRefundAttemptKey,
  refundAttemptKey,
  reissueRoute,
} from './refund-reissue.js';

const abnormal = { status: 'failed', failureReason: 'abnormal' } as const;

describe('reissueRoute', () => {
  it('re-routes a refund the card refused (abnormal) through the channel, under its own key', () => {
    expect(
      reissueRoute({ refundId: 7, attempt: 2, channelReroutes: true, previous: abnormal }),
    ).toEqual({
      kind: 'reroute',
      key: 'refund-7-a1',
    });
  });

  it('follows the re-routed refund when our answer was lost and the job runs again', () => {
    for (const status of ['processing', 'succeeded'] as const)
      expect(
        reissueRoute({
          refundId: 7,
          attempt: 3,
          channelReroutes: true,
          previous: { status, failureReason: null },
        }),
      ).toEqual({ kind: 'follow', key: 'refund-7-a2' });
  });

  it.each([
    ['first attempt', { attempt: 1, channelReroutes: true, previous: abnormal }],
    ['channel without the call', { attempt: 2, channelReroutes: false, previous: abnormal }],
    ['previous attempt unknown', { attempt: 2, channelReroutes: true, previous: null }],
    [
      'failed for another reason (closed)',
      {
        attempt: 2,
        channelReroutes: true,
        previous: { status: 'failed', failureReason: 'closed' },
      },
    ],
  ] as const)('issues a new refund: %s', (_name, input) => {
    expect(reissueRoute({ refundId: 7, ...input })).toEqual({ kind: 'new_refund' });
  });

  it('names each attempt by refund and attempt, and knows its own keys from the providers’', () => {
    expect(refundAttemptKey(42, 3)).toBe('refund-42-a3');
    expect(parseRefundAttemptKey(refundAttemptKey(42, 3))).toEqual({ refundId: 42, attempt: 3 });
    for (const theirs of [
      'HZ01RF000001',
      '17650000001',
      'refund-0-a1',
      'refund-4-a',
      'refund-4-a1x',
    ])
      expect(parseRefundAttemptKey(theirs), theirs).toBeNull();
  });
});

describe('who pays a re-issue', () => {
  const base = { attempt: 2, viaChannel: true, channelReroutes: false, destinationType: 'balance' };
  it.each([
    ['余额 through a channel with no re-route call (Alipay, UnionPay)', base, true],
    [
      'a new bank account through such a channel',
      { ...base, destinationType: 'bank_account' },
      true,
    ],
    ['through WeChat Pay, which re-routes', { ...base, channelReroutes: true }, false],
    ['the sandbox, which pays any destination', { ...base, viaChannel: false }, false],
    ['the first attempt', { ...base, attempt: 1 }, false],
    ['back to the original account', { ...base, destinationType: 'original' }, false],
    ['no destination named', { ...base, destinationType: null }, false],
  ])('%s', (_name, input, staff) => {
    expect(paidByStaff(input)).toBe(staff);
  });
});
