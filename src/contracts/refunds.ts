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
  failureReason: z.string().nullable(),
  expectedEarliest: isoDateTime,
  expectedLatest: isoDateTime,
  /** Past the latest expected time and not yet arrived: 催一下 is offered. */
  overdue: z.boolean(),
  arrivedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  reviewReasons: z.array(z.string()),
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
