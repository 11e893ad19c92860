import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextRefundStatus,
  REFUND_STATUSES,
  type RefundAction,
  type RefundStatus,
} from './refund-states.js';

const ACTIONS: RefundAction[] = [
  'approve',
  'reject',
  'submit',
  'provider_processing',
  'provider_succeeded',
  'provider_failed',
  'new_destination',
  'staff_payout',
  'staff_paid',
];

// The whole table: every (status, action) pair and its outcome (null = not allowed / no-op).
const TABLE: Record<RefundStatus, Record<RefundAction, RefundStatus | null>> = {
  pending_review: {
    approve: 'approved',
    reject: 'rejected',
    submit: null,
    provider_processing: null,
    provider_succeeded: null,
    provider_failed: null,
    new_destination: null,
    staff_payout: null,
    staff_paid: null,
  },
  approved: {
    approve: null,
    reject: null,
    submit: 'processing',
    provider_processing: 'processing',
    provider_succeeded: 'succeeded',
    provider_failed: 'failed',
    new_destination: null,
    staff_payout: 'processing',
    staff_paid: null,
  },
  processing: {
    approve: null,
    reject: null,
    submit: null,
    provider_processing: null,
    provider_succeeded: 'succeeded',
    provider_failed: 'failed',
    new_destination: null,
    staff_payout: null,
    staff_paid: 'succeeded',
  },
  succeeded: {
    approve: null,
    reject: null,
    submit: null,
    provider_processing: null,
    provider_succeeded: null,
    provider_failed: null,
    new_destination: null,
    staff_payout: null,
    staff_paid: null,
  },
  rejected: {
    approve: null,
    reject: null,
    submit: null,
    provider_processing: null,
    provider_succeeded: null,
    provider_failed: null,
    new_destination: null,
    staff_payout: null,
    staff_paid: null,
  },
  failed: {
    approve: null,
    reject: null,
    submit: null,
    provider_processing: null,
    provider_succeeded: null,
    provider_failed: null,
    new_destination: 'pending_review',
    staff_payout: null,
    staff_paid: null,
  },
};

describe('refund transitions', () => {
  for (const status of REFUND_STATUSES) {
    for (const action of ACTIONS) {
      it(`${status} + ${action} → ${TABLE[status][action] ?? 'no change'}`, () => {
        expect(nextRefundStatus(status, action)).toBe(TABLE[status][action]);
      });
    }
  }

  it('provider reports in any order and any number of times end where the canonical order ends', () => {
    const reports: RefundAction[] = ['provider_processing', 'provider_succeeded'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...reports), { minLength: 1, maxLength: 8 }),
        (events) => {
          fc.pre(events.includes('provider_succeeded'));
          let status: RefundStatus = 'approved';
          for (const e of events) status = nextRefundStatus(status, e) ?? status;
          // A late "processing" never undoes "succeeded".
          expect(status).toBe('succeeded');
        },
      ),
      { numRuns: 500 },
    );
  });
});
