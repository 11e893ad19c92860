import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { refunds } from './cancellation.js';
import { orders } from './orders.js';

export const afterSalesStatuses = [
  'pending_review',
  'awaiting_return',
  'returned',
  'completed',
  'rejected',
] as const;

/**
 * 仅退款 / 退货退款 on a shipped or delivered order. A return waits for the shopper's tracking
 * number and the merchant's receipt; every case ends in a refund through the refund lifecycle.
 */
export const afterSalesCases = pgTable(
  'after_sales_cases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    shopperId: bigint('shopper_id', { mode: 'number' }).notNull(),
    shopId: bigint('shop_id', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: ['refund_only', 'return_refund'] }).notNull(),
    status: text('status', { enum: afterSalesStatuses }).notNull(),
    selection: jsonb('selection').notNull(),
    reasonCode: text('reason_code').notNull(),
    reasonText: text('reason_text'),
    returnCarrier: text('return_carrier'),
    returnTrackingNo: text('return_tracking_no'),
    decisionReason: text('decision_reason'),
    refundId: bigint('refund_id', { mode: 'number' }).references(() => refunds.id),
    /**
     * What each selected line got back when the case was refunded, [{ lineId, quantity,
     * refundFen }]: the lines the refund sends to the channel (WeChat goods_detail, Alipay
     * refund_goods_detail). Null before the refund.
     */
    refundLines: jsonb('refund_lines'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // One open case per order at a time, enforced by the database.
    uniqueIndex('after_sales_one_open')
      .on(t.orderId)
      .where(sql`${t.status} IN ('pending_review', 'awaiting_return', 'returned')`),
    index('after_sales_shop_idx').on(t.shopId, t.status, t.id),
    index('after_sales_shopper_idx').on(t.shopperId, t.id),
  ],
);
