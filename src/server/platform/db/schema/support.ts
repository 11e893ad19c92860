import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { orders } from './orders.js';

/**
 * One online chat between a shopper and (once taken) an agent, optionally about an order.
 * last_seq numbers its messages 1, 2, 3…; the read marks are the last seq each side has seen.
 */
export const supportChats = pgTable(
  'support_chats',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopperId: bigint('shopper_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    orderId: bigint('order_id', { mode: 'number' }).references(() => orders.id),
    status: text('status', { enum: ['queued', 'active', 'closed'] }).notNull(),
    agentId: bigint('agent_id', { mode: 'number' }).references(() => users.id),
    lastSeq: integer('last_seq').notNull().default(0),
    shopperReadSeq: integer('shopper_read_seq').notNull().default(0),
    agentReadSeq: integer('agent_read_seq').notNull().default(0),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
  },
  (t) => [
    index('support_chats_shopper_idx').on(t.shopperId, t.id),
    index('support_chats_order_idx').on(t.orderId),
    index('support_chats_open_idx')
      .on(t.status, t.id)
      .where(sql`${t.status} <> 'closed'`),
  ],
);

/** Chat messages: stored (and committed) before anyone is told they exist. */
export const supportChatMessages = pgTable(
  'support_chat_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chatId: bigint('chat_id', { mode: 'number' })
      .notNull()
      .references(() => supportChats.id),
    /** Per chat, 1, 2, 3… in commit order of the chat's row lock. */
    seq: integer('seq').notNull(),
    senderId: bigint('sender_id', { mode: 'number' }).references(() => users.id),
    senderRole: text('sender_role', { enum: ['shopper', 'agent', 'system'] }).notNull(),
    /** The sender's own id for the message, so a resend after a reconnect is not stored twice. */
    clientId: text('client_id'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('support_chat_messages_seq_key').on(t.chatId, t.seq),
    uniqueIndex('support_chat_messages_client_key').on(t.chatId, t.senderRole, t.clientId),
  ],
);

/** Images sent in a chat, stored outside the web root; bound to a message once sent. */
export const supportChatAttachments = pgTable(
  'support_chat_attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chatId: bigint('chat_id', { mode: 'number' })
      .notNull()
      .references(() => supportChats.id),
    messageId: bigint('message_id', { mode: 'number' }).references(() => supportChatMessages.id),
    uploadedBy: bigint('uploaded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('support_chat_attachments_chat_idx').on(t.chatId),
    index('support_chat_attachments_message_idx').on(t.messageId),
  ],
);

/** 留言: a shopper's message to customer service, with the deadline for its first reply. */
export const supportBoardMessages = pgTable(
  'support_board_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopperId: bigint('shopper_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    orderId: bigint('order_id', { mode: 'number' }).references(() => orders.id),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    index('support_board_shopper_idx').on(t.shopperId, t.id),
    index('support_board_order_idx').on(t.orderId),
    index('support_board_created_idx').on(t.createdAt),
    index('support_board_open_idx')
      .on(t.replyDueAt)
      .where(sql`${t.answeredAt} IS NULL`),
  ],
);

export const supportBoardReplies = pgTable(
  'support_board_replies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => supportBoardMessages.id),
    authorId: bigint('author_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('support_board_replies_message_idx').on(t.messageId, t.id)],
);
