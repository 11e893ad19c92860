import { z } from 'zod';
import { isoDateTime } from './common.js';

export const noticeView = z.object({
  id: z.number().int(),
  template: z.string(),
  subject: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  orderNo: z.string().nullable(),
  createdAt: isoDateTime,
  read: z.boolean(),
});
export type NoticeView = z.infer<typeof noticeView>;

export const noticePage = z.object({
  items: z.array(noticeView),
  nextCursor: z.string().nullable(),
  unread: z.number().int(),
});

export const noticeQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const unreadCount = z.object({ unread: z.number().int() });

/** Order notices by email and SMS; security notices and the in-app copy cannot be turned off. */
export const noticePreferencesView = z.object({ email: z.boolean(), sms: z.boolean() });
export const updateNoticePreferences = z.strictObject({
  email: z.boolean().optional(),
  sms: z.boolean().optional(),
});

export const failedNotice = z.object({
  id: z.number().int(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
});
export const failedNoticeList = z.object({ items: z.array(failedNotice) });

/** A shop's choice of channels for notices to its staff (new 申请取消, reminder, 停止备货). */
export const shopNoticePreferencesView = z.object({
  inApp: z.boolean(),
  email: z.boolean(),
  sms: z.boolean(),
});
export type ShopNoticePreferencesView = z.infer<typeof shopNoticePreferencesView>;
export const updateShopNoticePreferences = z.strictObject({
  inApp: z.boolean().optional(),
  email: z.boolean().optional(),
  sms: z.boolean().optional(),
});
