import { z } from 'zod';
import { idCursor, isoDateTime, orderNo } from './common.js';

export const auditRowView = z.object({
  id: z.number().int(),
  createdAt: isoDateTime,
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  orderNo: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});
export type AuditRowView = z.infer<typeof auditRowView>;

export const auditPage = z.object({
  items: z.array(auditRowView),
  nextCursor: z.string().nullable(),
});

export const auditQuery = z.object({
  orderNo: orderNo.optional(),
  /** A user id, email or mobile number; "system" for jobs and webhooks. */
  actor: z.string().trim().min(1).max(254).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: idCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuery>;
