import { z } from 'zod';
import { couponFateView } from './coupons.js';
import { fen, isoDateTime, paymentChannel } from './common.js';
import { orderDetail } from './orders.js';

const text = z.object({ zh: z.string(), en: z.string() });

export const cancelSelection = z.union([
  z.literal('all'),
  z
    .array(
      z.strictObject({
        lineId: z.number().int().positive(),
        quantity: z.number().int().min(1).max(999),
      }),
    )
    .min(1)
    .max(50),
]);

/** The units to preview, as query parameters: `lines=12:1,13:2` or nothing for the whole order. */
export const cancelPreviewQuery = z.object({
  lines: z
    .string()
    .regex(/^\d{1,16}:\d{1,3}(,\d{1,16}:\d{1,3}){0,49}$/)
    .optional(),
});

export const refundPreview = z.object({
  lines: z.array(
    z.object({
      lineId: z.number().int(),
      quantity: z.number().int(),
      paidShareFen: fen,
      feeFen: fen,
      refundFen: fen,
    }),
  ),
  goodsRefundFen: fen,
  feeFen: fen,
  shippingRefundFen: fen,
  totalFen: fen,
  channel: paymentChannel.nullable(),
  expected: z.object({ earliest: isoDateTime, latest: isoDateTime, text }).nullable(),
  review: z.boolean(),
  /** What happens to each coupon used on the order. */
  coupons: z.array(couponFateView),
});
export type RefundPreview = z.infer<typeof refundPreview>;

export const standingView = z.object({
  count: z.number().int(),
  level: z.enum(['good', 'warned', 'review']),
  /** Set when one more cancellation would cross a threshold: the dialog warns first. */
  crosses: z.enum(['warn', 'review']).nullable(),
  text: text,
});

export const cancellationOptions = z.object({
  mode: z.enum(['instant', 'request']).nullable(),
  blockedBy: z.string().nullable(),
  /** Why the order cannot be cancelled, shown on the page. */
  blockedText: text.nullable(),
  withinFreeWindow: z.boolean(),
  partialAllowed: z.boolean(),
  partialBlockedBy: z.string().nullable(),
  partialBlockedText: text.nullable(),
  requestSlaHours: z.number().int(),
  lines: z.array(
    z.object({
      lineId: z.number().int(),
      remaining: z.number().int(),
      cancellable: z.boolean(),
    }),
  ),
  reasons: z.array(
    z.object({ code: z.string(), zh: z.string(), en: z.string(), needsText: z.boolean() }),
  ),
  preview: refundPreview.nullable(),
  standing: standingView,
});
export type CancellationOptions = z.infer<typeof cancellationOptions>;

export const cancelRequest = z.strictObject({
  selection: cancelSelection,
  reasonCode: z.string().min(1).max(40),
  reasonText: z.string().trim().max(200).optional(),
});

export { cancellationRequestView, type CancellationRequestView } from './orders.js';
import { cancellationRequestView } from './orders.js';

export const refundView = z.object({
  id: z.number().int(),
  amountFen: fen,
  channel: paymentChannel,
  status: z.enum(['pending_review', 'approved', 'processing', 'succeeded', 'rejected', 'failed']),
  expectedEarliest: isoDateTime,
  expectedLatest: isoDateTime,
  createdAt: isoDateTime,
});
export type RefundView = z.infer<typeof refundView>;

export const cancelResponse = z.object({
  result: z.enum(['cancelled', 'requested', 'already_cancelled']),
  refund: refundView.nullable(),
  request: cancellationRequestView.nullable(),
  order: orderDetail,
});
export type CancelResponse = z.infer<typeof cancelResponse>;

export const decideRequest = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(200).optional(),
});

export const merchantRequestQueueItem = cancellationRequestView.extend({
  orderNo: z.string(),
  payableFen: fen,
  reasonLabel: text,
  lines: z.array(
    z.object({
      lineId: z.number().int(),
      title: z.string(),
      titleEn: z.string(),
      variantName: z.string(),
      quantity: z.number().int(),
    }),
  ),
});

/** The shopper's account standing (问题3): cancellations in the rolling window and what follows. */
export const standingResponse = z.object({
  count: z.number().int(),
  level: z.enum(['good', 'warned', 'review']),
  windowDays: z.number().int(),
  warnAt: z.number().int(),
  reviewAt: z.number().int(),
  text,
});
export const merchantRequestQueue = z.object({ items: z.array(merchantRequestQueueItem) });

export const cancellationSettingsView = z.object({
  freeCancelWindowMinutes: z.number().int().min(0).max(1440),
  requestSlaHours: z.number().int().min(1).max(168),
  reasons: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9_]{1,40}$/),
        zh: z.string().trim().min(1).max(40),
        en: z.string().trim().min(1).max(60),
        needsText: z.boolean(),
      }),
    )
    .min(1)
    .max(20),
  reviewAmountFen: z.number().int().min(0),
  standingWarnAt: z.number().int().min(1).max(100),
  standingReviewAt: z.number().int().min(1).max(100),
  standingWindowDays: z.number().int().min(1).max(365),
  afterSalesDays: z.number().int().min(1).max(90),
  refundReviewSlaHours: z.number().int().min(1).max(168),
  priceProtectionDays: z.number().int().min(0).max(90),
  staffRefundReviewAmountFen: z.number().int().min(0),
});
export const updateCancellationSettings = cancellationSettingsView.partial().strict();
