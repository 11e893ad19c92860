import { z } from 'zod';
import { fen, isoDateTime, orderNo } from './common.js';

export const afterSalesKind = z.enum(['refund_only', 'return_refund']);
export const afterSalesStatus = z.enum([
  'pending_review',
  'awaiting_return',
  'returned',
  'completed',
  'rejected',
]);

export const afterSalesRequest = z.strictObject({
  kind: afterSalesKind,
  selection: z.union([
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
  ]),
  reasonCode: z.string().min(1).max(40),
  reasonText: z.string().trim().max(200).optional(),
});

export const afterSalesCaseView = z.object({
  id: z.number().int(),
  orderNo,
  kind: afterSalesKind,
  status: afterSalesStatus,
  selection: z.array(z.object({ lineId: z.number().int(), quantity: z.number().int() })),
  reasonCode: z.string(),
  reasonText: z.string().nullable(),
  returnCarrier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  decisionReason: z.string().nullable(),
  refundId: z.number().int().nullable(),
  refundFen: fen.nullable(),
  createdAt: isoDateTime,
});
export type AfterSalesCaseView = z.infer<typeof afterSalesCaseView>;
export const afterSalesCaseList = z.object({ items: z.array(afterSalesCaseView) });

export const afterSalesOptions = z.object({
  allowed: z.boolean(),
  blockedBy: z.string().nullable(),
  blockedText: z.object({ zh: z.string(), en: z.string() }).nullable(),
  deadline: isoDateTime.nullable(),
  lines: z.array(z.object({ lineId: z.number().int(), refundable: z.number().int() })),
  reasons: z.array(
    z.object({ code: z.string(), zh: z.string(), en: z.string(), kinds: z.array(afterSalesKind) }),
  ),
});

export const afterSalesDecision = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(200).optional(),
});

export const returnShipment = z.strictObject({
  carrier: z.string().trim().min(1).max(40),
  trackingNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{6,40}$/),
});
