import { z } from 'zod';
import { isoDateTime, orderNo } from './common.js';
import { orderDetail } from './orders.js';
import { refundDetail } from './refunds.js';

// Customer service: online chat, 留言 and the contact page.

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
export const dayHours = z
  .object({ open: clockTime, close: clockTime })
  .refine((d) => d.open < d.close || d.close === '24:00', 'closes before it opens');
/** Monday first; null = closed that day. */
export const weeklyHours = z.array(dayHours.nullable()).length(7);

export const socialAccount = z.object({
  name: z.string().trim().min(1).max(40),
  handle: z.string().trim().min(1).max(80),
  url: z
    .string()
    .trim()
    .max(300)
    .regex(/^https:\/\//)
    .nullable(),
});

/** Operator settings of customer service, stored under the settings key 'support'. */
export const supportSettings = z.object({
  hotline: z.string().trim().max(40),
  hotlineHours: weeklyHours,
  email: z.string().trim().max(120),
  social: z.array(socialAccount).max(10),
  chatHours: weeklyHours,
  boardReplyHours: z.number().int().min(1).max(720),
  cannedReplies: z.array(z.string().trim().min(1).max(500)).max(50),
});
export type SupportSettings = z.infer<typeof supportSettings>;
export const updateSupportSettings = supportSettings.partial();

/** The contact page: every channel, and which are open now. */
export const contactView = z.object({
  hotline: z.string(),
  hotlineHours: weeklyHours,
  hotlineOpenNow: z.boolean(),
  email: z.string(),
  social: z.array(socialAccount),
  chatHours: weeklyHours,
  chatOpenNow: z.boolean(),
  boardReplyHours: z.number().int(),
});
export type ContactView = z.infer<typeof contactView>;

export const chatStatus = z.enum(['queued', 'active', 'closed']);
export const senderRole = z.enum(['shopper', 'agent', 'system']);

export const attachmentView = z.object({
  id: z.number().int(),
  fileName: z.string(),
  mime: z.string(),
  sizeBytes: z.number().int(),
  url: z.string(),
});
export type AttachmentView = z.infer<typeof attachmentView>;

export const chatMessageView = z.object({
  /** Per chat: 1, 2, 3… A client that reconnects asks for everything after the last it saw. */
  seq: z.number().int(),
  senderRole,
  senderName: z.string(),
  body: z.string(),
  attachments: z.array(attachmentView),
  clientId: z.string().nullable(),
  createdAt: isoDateTime,
});
export type ChatMessageView = z.infer<typeof chatMessageView>;

export const chatView = z.object({
  id: z.number().int(),
  status: chatStatus,
  orderNo: z.string().nullable(),
  shopperName: z.string(),
  agentName: z.string().nullable(),
  /** Chats ahead of this one in the queue (0 = next), null once taken. */
  queuePosition: z.number().int().nullable(),
  lastSeq: z.number().int(),
  shopperReadSeq: z.number().int(),
  agentReadSeq: z.number().int(),
  rating: z.number().int().nullable(),
  openedAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
});
export type ChatView = z.infer<typeof chatView>;

export const openChatRequest = z.object({ orderNo: orderNo.optional() });
export const chatList = z.object({ items: z.array(chatView) });
export const messagesQuery = z.object({
  after: z.coerce.number().int().min(0).max(2_000_000_000).default(0),
});
export const messageList = z.object({ items: z.array(chatMessageView) });
export const rateRequest = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(300).optional(),
});

export const chatCancelRequest = z.object({
  reasonCode: z.string().min(1).max(40),
  reasonText: z.string().max(200).optional(),
});
export const chatRefundRequest = z.object({
  kind: z.enum(['refund_only', 'return_refund']),
  reasonCode: z.string().min(1).max(40),
  reasonText: z.string().max(200).optional(),
});
export const actionResult = z.object({ result: z.string(), orderStatus: z.string() });

/** What the client sends over the chat WebSocket. */
export const clientFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('send'),
    clientId: z.string().min(1).max(64),
    body: z.string().max(2000),
    attachmentIds: z.array(z.number().int().positive()).max(9).optional(),
  }),
  z.object({ type: z.literal('typing') }),
  z.object({ type: z.literal('read'), seq: z.number().int().min(0) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

/** What the server pushes over the chat WebSocket. */
export type ServerFrame =
  | { type: 'message'; message: ChatMessageView }
  | { type: 'ack'; clientId: string; seq: number }
  | { type: 'typing'; role: 'shopper' | 'agent' }
  | { type: 'read'; role: 'shopper' | 'agent'; seq: number }
  | { type: 'chat'; chat: ChatView }
  | { type: 'error'; code: string; message: string; clientId?: string }
  | { type: 'pong' };

export const boardRequest = z.object({
  orderNo: orderNo.optional(),
  subject: z.string().trim().min(1).max(80),
  body: z.string().trim().min(1).max(2000),
});
export const boardReplyView = z.object({
  id: z.number().int(),
  authorName: z.string(),
  body: z.string(),
  createdAt: isoDateTime,
});
export const boardMessageView = z.object({
  id: z.number().int(),
  orderNo: z.string().nullable(),
  shopperName: z.string(),
  subject: z.string(),
  body: z.string(),
  createdAt: isoDateTime,
  replyDueAt: isoDateTime,
  answeredAt: isoDateTime.nullable(),
  late: z.boolean(),
  replies: z.array(boardReplyView),
});
export type BoardMessageView = z.infer<typeof boardMessageView>;
export const boardList = z.object({ items: z.array(boardMessageView) });
export const boardQueueQuery = z.object({ state: z.enum(['open', 'answered']).default('open') });
export const boardReplyRequest = z.object({ body: z.string().trim().min(1).max(2000) });

export const auditEntryView = z.object({
  id: z.number().int(),
  action: z.string(),
  actorRole: z.string(),
  actorName: z.string().nullable(),
  at: isoDateTime,
});
export const orderAuditList = z.object({ items: z.array(auditEntryView) });

const reasonOption = z.object({ code: z.string(), zh: z.string(), en: z.string() });

/** What an agent sees beside a chat: the order, its refunds, its audit trail with names. */
export const orderPanel = z.object({
  order: orderDetail,
  refunds: z.array(refundDetail),
  audit: z.array(auditEntryView),
  cancelReasons: z.array(reasonOption.extend({ needsText: z.boolean() })),
  afterSalesReasons: z.array(reasonOption.extend({ kinds: z.array(z.string()) })),
});
export type OrderPanel = z.infer<typeof orderPanel>;

/** An order's chats and 留言, for the order pages (the transcripts are part of its history). */
export const supportHistoryView = z.object({
  chats: z.array(
    z.object({
      id: z.number().int(),
      status: z.string(),
      openedAt: isoDateTime,
      closedAt: isoDateTime.nullable(),
      agentName: z.string().nullable(),
      rating: z.number().int().nullable(),
      messages: z.array(
        z.object({
          id: z.number().int(),
          senderRole,
          senderName: z.string(),
          body: z.string(),
          attachments: z.array(
            z.object({ id: z.number().int(), fileName: z.string(), url: z.string() }),
          ),
          createdAt: isoDateTime,
        }),
      ),
    }),
  ),
  boardMessages: z.array(
    z.object({
      id: z.number().int(),
      subject: z.string(),
      body: z.string(),
      createdAt: isoDateTime,
      replyDueAt: isoDateTime,
      replies: z.array(boardReplyView),
    }),
  ),
});
export type SupportHistoryView = z.infer<typeof supportHistoryView>;
