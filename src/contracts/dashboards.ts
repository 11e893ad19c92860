import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Every dashboard takes the same filters: a shop (merchants: always their own) and days. */
export const dashboardQuery = z
  .object({
    shopId: z.coerce.number().int().positive().optional(),
    /** First and last day, inclusive, on the Asia/Shanghai calendar. */
    from: day,
    to: day,
  })
  .refine((q) => q.from <= q.to, { message: 'from after to', path: ['from'] });
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const cancellationsByDay = z.object({
  rows: z.array(z.object({ day, reasonCode: z.string(), count: z.number().int() })),
  reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  total: z.number().int(),
});

export const productCancelRates = z.object({
  rows: z.array(
    z.object({
      productId: z.number().int(),
      title: z.string(),
      orderedUnits: z.number().int(),
      cancelledUnits: z.number().int(),
      rate: z.number(),
    }),
  ),
  orderedUnits: z.number().int(),
  cancelledUnits: z.number().int(),
});

export const refundTimes = z.object({
  rows: z.array(
    z.object({
      channel: z.string(),
      count: z.number().int(),
      p50Seconds: z.number(),
      p90Seconds: z.number(),
      promisedSeconds: z.number(),
      onTime: z.number().int(),
    }),
  ),
});

const slaRow = z.object({
  total: z.number().int(),
  met: z.number().int(),
  missed: z.number().int(),
  open: z.number().int(),
});
export const slaCompliance = z.object({
  cancellationRequests: slaRow,
  refundReviews: slaRow,
  /** Message board replies; null until the board is part of this build. */
  messages: slaRow.nullable(),
});

export const refundProblems = z.object({
  byChannel: z.array(
    z.object({ channel: z.string(), stuck: z.number().int(), failed: z.number().int() }),
  ),
  oldest: z.array(
    z.object({
      refundId: z.number().int(),
      orderNo: z.string(),
      channel: z.string(),
      status: z.string(),
      amountFen: z.number().int(),
      expectedLatest: z.string(),
      failureReason: z.string().nullable(),
    }),
  ),
});
