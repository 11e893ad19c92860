import { z } from 'zod';

// 对账: each channel's daily statement against our payments and refunds (operators only).

export const statementChannel = z.enum(['alipay', 'wechatpay', 'unionpay']);
export const statementDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const statementParams = z.object({ provider: statementChannel, day: statementDay });

const countAndFen = z.object({ count: z.number().int(), fen: z.number().int() });
const side = z.object({ ours: countAndFen, theirs: countAndFen });

export const statementTotals = z.object({ payments: side, refunds: side });

export const statementMismatch = z.object({
  kind: z.enum(['missing_ours', 'missing_theirs', 'amount_differs', 'state_differs']),
  entry: z.enum(['payment', 'refund']),
  reference: z.string(),
  orderNo: z.string().nullable(),
  ourAmountFen: z.number().int().nullable(),
  theirAmountFen: z.number().int().nullable(),
  ourStatus: z.string().nullable(),
});

/** One channel and day: the last result, and whether the last try could download at all. */
export const statementRunSummary = z.object({
  provider: statementChannel,
  day: statementDay,
  status: z.enum(['matched', 'failed']),
  failures: z.number().int(),
  lastError: z.string().nullable(),
  totals: statementTotals.nullable(),
  mismatchCount: z.number().int(),
  matchedAt: z.string().nullable(),
  triedAt: z.string(),
});

export const statementRunDetail = statementRunSummary.extend({
  mismatches: z.array(statementMismatch),
});

export const statementList = z.object({
  /** The channels this installation reconciles (PAYMENT_PROVIDERS). */
  channels: z.array(statementChannel),
  runs: z.array(statementRunSummary),
});

export type StatementRunSummary = z.infer<typeof statementRunSummary>;
export type StatementRunDetail = z.infer<typeof statementRunDetail>;
export type StatementMismatchView = z.infer<typeof statementMismatch>;
