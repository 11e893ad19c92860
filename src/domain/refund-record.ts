// A new refund as rows: the refund (待审核 or approved, with its expected arrival), its first
// refund event, the order's timeline entry and the audit row. Shared by every path that owes
// money back (cancellation, a payment that landed after cancelling, after-sales).

import type { Actor, AuditRecord, TimelineRecord } from './change-records.js';
import { timelineRecord } from './change-records.js';
import type { RefundChannel } from './refund-calculation.js';
import { expectedArrival } from './refund-eta.js';

export interface RefundRecord {
  id: number;
  orderId: number;
  shopperId: number;
  shopId: number;
  cancellationId: number | null;
  amountFen: number;
  channel: RefundChannel;
  status: 'pending_review' | 'approved' | 'succeeded';
  /** 'order' for cancellations and after-sales; the others are refunds by amount (staff-refund-plan.ts). */
  source: RefundSource;
  reasonCode: string | null;
  note: string | null;
  offlineMethod: OfflineRefundMethod | null;
  offlineReference: string | null;
  reviewReasons: string[];
  expectedEarliest: Date;
  expectedLatest: Date;
  createdAt: Date;
  updatedAt: Date;
}

export type RefundSource = 'order' | 'price_protection' | 'goodwill' | 'offline';
export type OfflineRefundMethod = 'cash' | 'bank_transfer';

export interface RefundEventRecord {
  refundId: number;
  status: string;
  actorId: number | null;
  actorRole: string;
  reason: string | null;
  createdAt: Date;
}

export interface NewRefundInput {
  id: number;
  orderId: number;
  shopperId: number;
  shopId: number;
  cancellationId: number | null;
  amountFen: number;
  channel: RefundChannel;
  review: { review: boolean; reasons: readonly string[] };
  actor: Actor;
  now: Date;
}

export interface NewRefund {
  refund: RefundRecord;
  event: RefundEventRecord;
  timeline: TimelineRecord;
  audit: AuditRecord;
}

export function newRefund(r: NewRefundInput): NewRefund {
  const eta = expectedArrival(r.channel, r.now);
  const status = r.review.review ? 'pending_review' : 'approved';
  const reasons = [...r.review.reasons];
  const refund: RefundRecord = {
    id: r.id,
    orderId: r.orderId,
    shopperId: r.shopperId,
    shopId: r.shopId,
    cancellationId: r.cancellationId,
    amountFen: r.amountFen,
    channel: r.channel,
    status,
    source: 'order',
    reasonCode: null,
    note: null,
    offlineMethod: null,
    offlineReference: null,
    reviewReasons: reasons,
    expectedEarliest: eta.earliest,
    expectedLatest: eta.latest,
    createdAt: r.now,
    updatedAt: r.now,
  };
  return {
    refund,
    event: {
      refundId: r.id,
      status,
      actorId: r.actor.id,
      actorRole: r.actor.role,
      reason: reasons.join(',') || null,
      createdAt: r.now,
    },
    timeline: timelineRecord(r.orderId, 'refund.created', r.actor, r.now, {
      refundId: r.id,
      amountFen: r.amountFen,
      status,
      channel: r.channel,
    }),
    audit: {
      actorId: r.actor.id,
      actorRole: r.actor.role,
      action: 'refund.create',
      entityType: 'refund',
      entityId: r.id,
      orderId: r.orderId,
      before: null,
      after: {
        status,
        amountFen: r.amountFen,
        channel: r.channel,
        cancellationId: r.cancellationId,
        reviewReasons: reasons,
      },
    },
  };
}
