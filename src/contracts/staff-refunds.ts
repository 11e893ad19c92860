import { z } from 'zod';
import { GOODWILL_REASONS } from '../domain/staff-refund-plan.js';
import { fen, isoDateTime } from './common.js';

const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const note = z.string().trim().max(200).optional();

/** 申请价保: what the shopper would get now, line by line, before confirming. */
export const priceProtectionQuote = z.object({
  available: z.boolean(),
  /** Why not, in the caller's language; null when available. */
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Last moment to ask (payment + the operator's days); null for an unpaid order. */
  deadline: isoDateTime.nullable(),
  amountFen: fen,
  /** Above the operator's amount the refund waits for 退款审核. */
  review: z.boolean(),
  lines: z.array(
    z.object({
      lineId: z.number().int(),
      title: z.string(),
      titleEn: z.string(),
      units: z.number().int(),
      paidFen: fen,
      currentFen: fen.nullable(),
      dueFen: fen,
      /** Why the line owes what it does (staff-refund-plan.ts#PriceProtectionLineReason). */
      reason: z.enum([
        'due',
        'none_held',
        'item_gone',
        'price_not_lower',
        'already_protected',
        'refunded',
      ]),
    }),
  ),
});
export type PriceProtectionQuote = z.infer<typeof priceProtectionQuote>;

/** 补偿 by a merchant, an agent or an operator. */
export const goodwillRefundRequest = z.strictObject({
  amountFen: amount,
  reasonCode: z.enum(GOODWILL_REASONS.map((r) => r.code) as [string, ...string[]]),
  note,
});

/** 线下退款, recorded by an operator; the receipt is uploaded to the refund afterwards. */
export const offlineRefundRequest = z.strictObject({
  amountFen: amount,
  method: z.enum(['cash', 'bank_transfer']),
  reference: z.string().trim().min(1).max(100),
  note,
});

/** What staff see before granting: the order's refundable amount and the reasons. */
export const staffRefundOptions = z.object({
  refundableFen: fen,
  reviewAboveFen: fen,
  goodwillReasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  offlineAllowed: z.boolean(),
});
