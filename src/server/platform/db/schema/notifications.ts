import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { shops } from './catalog.js';

/**
 * One notice per (source event, template, channel, user): the in-app copy, the email and the
 * SMS of one event are three rows, each with its own delivery record.
 */
export const notices = pgTable(
  'notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null only for a registration code, sent before the account exists. */
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id),
    sourceEvent: text('source_event').notNull(),
    template: text('template').notNull(),
    channel: text('channel', { enum: ['in_app', 'email', 'sms'] }).notNull(),
    locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull(),
    /** Email address or mobile number; null for in-app. */
    recipient: text('recipient'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    html: text('html'),
    link: text('link'),
    orderId: bigint('order_id', { mode: 'number' }),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notices_once_key').on(t.sourceEvent, t.template, t.channel, t.userId),
    uniqueIndex('notices_once_anonymous')
      .on(t.sourceEvent, t.template, t.channel)
      .where(sql`${t.userId} IS NULL`),
    index('notices_inbox_idx').on(t.userId, t.channel, t.id),
    index('notices_unread_idx')
      .on(t.userId)
      .where(sql`${t.channel} = 'in_app' AND ${t.readAt} IS NULL`),
    index('notices_failed_idx')
      .on(t.status, t.id)
      .where(sql`${t.status} = 'failed'`),
    index('notices_order_idx').on(t.orderId),
  ],
);

/** Per shopper and channel. Security notices and the in-app copy are always on. */
export const noticePreferences = pgTable('notice_preferences', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => users.id),
  email: boolean('email').notNull().default(true),
  sms: boolean('sms').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Per shop: which channels carry notices to the shop's staff (a new 申请取消, its reminder
 * before the deadline, 停止备货 after a paid order's cancellation). No row = all on.
 */
export const shopNoticePreferences = pgTable('shop_notice_preferences', {
  shopId: bigint('shop_id', { mode: 'number' })
    .primaryKey()
    .references(() => shops.id),
  inApp: boolean('in_app').notNull().default(true),
  email: boolean('email').notNull().default(true),
  sms: boolean('sms').notNull().default(true),
  updatedBy: bigint('updated_by', { mode: 'number' }).references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Every webhook sent to a shop's endpoint, with its attempts (retried by the outbox). */
export const merchantWebhookDeliveries = pgTable(
  'merchant_webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopId: bigint('shop_id', { mode: 'number' }).notNull(),
    eventId: text('event_id').notNull(),
    topic: text('topic').notNull(),
    url: text('url').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('merchant_webhook_once').on(t.eventId, t.shopId),
    index('merchant_webhook_shop_idx').on(t.shopId, t.id),
  ],
);
