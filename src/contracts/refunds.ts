import { z } from 'zod';
import { fen, isoDateTime, orderNo, paymentChannel } from './common.js';

export const refundStatus = z.enum([
  'pending_review',
  'approved',
  'processing',
  'succeeded',
  'rejected',
  'failed',
]);

export const refundDestinationView = z.union([
  z.object({ type: z.literal('original') }),
  z.object({ type: z.literal('balance'), accountRef: z.string() }),
  z.object({ type: z.literal('bank_account'), bank: z.string(), accountNo: z.string() }),
]);

export const refundDetail = z.object({
  id: z.number().int(),
  orderNo,
  amountFen: fen,
  channel: paymentChannel,
  destination: refundDestinationView,
  status: refundStatus,
  /** order: a cancellation or after-sales; price_protection 价保; goodwill 补偿; offline 线下退款. */
  source: z.enum(['order', 'price_protection', 'goodwill', 'offline']),
  /** 补偿: the reason's code (GOODWILL_REASONS). */
  reasonCode: z.string().nullable(),
  note: z.string().nullable(),
  /** 线下退款: how the money went back, and the staff's reference for it. */
  offlineMethod: z.enum(['cash', 'bank_transfer']).nullable(),
  offlineReference: z.string().nullable(),
  /**
   * A re-issue the channel could not send where the shopper asked (Alipay, UnionPay): staff pay
   * it outside the channel; offlineReference is their transfer's reference once paid.
   */
  paidByStaff: z.boolean(),
  failureReason: z.string().nullable(),
  expectedEarliest: isoDateTime,
  expectedLatest: isoDateTime,
  /** Past the latest expected time and not yet arrived: 催一下 is offered. */
  overdue: z.boolean(),
  arrivedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  reviewReasons: z.array(z.string()),
  /** Why the refund exists: ours, a second payment of the order, or the provider's dashboard. */
  origin: z.enum(['ours', 'double_payment', 'provider_dashboard']),
  /** Staff asked the shopper for evidence (while under review), with what they want to see. */
  evidenceRequest: z.object({ at: isoDateTime, note: z.string() }).nullable(),
  timeline: z.array(
    z.object({
      status: z.string(),
      at: isoDateTime,
      actorRole: z.string(),
      reason: z.string().nullable(),
    }),
  ),
  queries: z.array(
    z.object({ at: isoDateTime, actorRole: z.string(), providerStatus: z.string().nullable() }),
  ),
});
export type RefundDetail = z.infer<typeof refundDetail>;

export const refundList = z.object({ items: z.array(refundDetail) });

export const refundReviewQuery = z.object({
  status: z.enum(['pending_review', 'failed', 'processing', 'approved']).default('pending_review'),
});

export const refundDecision = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(200).optional(),
});

/** 问题4: after a failure the shopper names another destination, confirming with their password. */
export const newRefundDestination = z.strictObject({
  destination: z.union([
    z.strictObject({ type: z.literal('balance') }),
    z.strictObject({
      type: z.literal('bank_account'),
      bank: z.string().trim().min(2).max(40),
      accountNo: z
        .string()
        .trim()
        .regex(/^\d{8,30}$/),
      /** The account holder's name; a card channel (WeChat Pay) needs it to re-route a refund. */
      holderName: z.string().trim().min(1).max(60).optional(),
    }),
  ]),
  password: z.string().min(1).max(128),
});

export const evidenceView = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
  createdAt: isoDateTime,
  /** Download link; served only to the shopper and the staff allowed to see the refund. */
  url: z.string(),
});
export const evidenceList = z.object({ items: z.array(evidenceView) });
export const evidenceRequest = z.strictObject({ note: z.string().trim().min(2).max(300) });

/** A provider's refund notify that matched no payment of ours (a dashboard refund), for staff. */
export const unmatchedProviderRefund = z.object({
  id: z.number().int(),
  provider: z.string(),
  merchantOrderNo: z.string(),
  refundKey: z.string(),
  providerRefundId: z.string().nullable(),
  amountFen: fen.nullable(),
  status: z.string(),
  receivedAt: isoDateTime,
});
export const unmatchedProviderRefundList = z.object({ items: z.array(unmatchedProviderRefund) });

/** Staff record the transfer they made for a refund paid by staff. */
export const staffPayoutRequest = z.strictObject({
  reference: z.string().trim().min(2).max(64),
  note: z.string().trim().max(200).optional(),
});
