import { z } from 'zod';
import { idCursor, isoDateTime } from './common.js';

export const outgoingMessageView = z.object({
  id: z.number().int(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: isoDateTime,
});
export const outgoingMessagePage = z.object({
  items: z.array(outgoingMessageView),
  nextCursor: z.string().nullable(),
});
export const outgoingMessageQuery = z.object({
  recipient: z.string().trim().max(254).optional(),
  cursor: idCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
