import { z } from 'zod';

/**
 * Operator settings of the pruning jobs, stored under the settings key 'retention'. Each says
 * how long rows stay after they stop mattering; the job runs hourly and deletes in batches.
 */
export const retentionSettings = z.object({
  /** Outbox jobs done this many days ago (dead ones stay until an operator acts). */
  outboxDoneDays: z.number().int().min(1).max(3650),
  /** Sessions that expired this many days ago. */
  expiredSessionDays: z.number().int().min(0).max(3650),
  /** Idempotency keys older than this: a retry with the same key after it runs again. */
  idempotencyKeyHours: z.number().int().min(1).max(87_600),
  /** Receipts of incoming webhooks (deduplication by event id) older than this. */
  webhookReceiptDays: z.number().int().min(1).max(3650),
  /** Mail and SMS kept by the embedded capture and the SMS log driver (staff 邮箱 page). */
  sentMessageDays: z.number().int().min(1).max(3650),
  /** Rows deleted per statement: small enough not to hold locks or bloat WAL for long. */
  batchSize: z.number().int().min(10).max(50_000),
});
export type RetentionSettings = z.infer<typeof retentionSettings>;
export const updateRetentionSettings = retentionSettings.partial();
