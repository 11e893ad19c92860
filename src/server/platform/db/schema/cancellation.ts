import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orderLines, orders, payments } from './orders.js';

/** A shopper's 申请取消 on an order the merchant is preparing; decided by the merchant or the SLA. */
export const cancellationRequests = pgTable(
  'cancellation_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    shopperId: bigint('shopper_id', { mode: 'number' }).notNull(),
    shopId: bigint('shop_id', { mode: 'number' }).notNull(),
    status: text('status', {
      enum: ['pending', 'approved', 'rejected', 'auto_approved'],
    }).notNull(),
    /** The units asked for: [{ lineId, quantity }]. */
    selection: jsonb('selection').notNull(),
    whole: boolean('whole').notNull(),
    reasonCode: text('reason_code').notNull(),
    reasonText: text('reason_text'),
    requestedBy: bigint('requested_by', { mode: 'number' }),
    requestedRole: text('requested_role').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    slaDeadline: timestamp('sla_deadline', { withTimezone: true }).notNull(),
    decidedBy: bigint('decided_by', { mode: 'number' }),
    decidedRole: text('decided_role'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    // At most one open request per order, enforced by the database.
    uniqueIndex('cancellation_requests_one_pending')
      .on(t.orderId)
      .where(sql`${t.status} = 'pending'`),
    index('cancellation_requests_shop_queue_idx').on(t.shopId, t.status, t.slaDeadline),
    index('cancellation_requests_order_idx').on(t.orderId, t.id),
    // SLA dashboard: requests by the day they were made.
    index('cancellation_requests_requested_idx').on(t.requestedAt),
    index('cancellation_requests_shop_requested_idx').on(t.shopId, t.requestedAt),
  ],
);

/** Append-only: every cancellation that took effect (whole or partial), with its money. */
export const cancellations = pgTable(
  'cancellations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    shopperId: bigint('shopper_id', { mode: 'number' }).notNull(),
    shopId: bigint('shop_id', { mode: 'number' }).notNull(),
    requestId: bigint('request_id', { mode: 'number' }).references(() => cancellationRequests.id),
    kind: text('kind', {
      enum: ['instant', 'request_approved', 'request_auto_approved', 'payment_timeout'],
    }).notNull(),
    whole: boolean('whole').notNull(),
    reasonCode: text('reason_code').notNull(),
    reasonText: text('reason_text'),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorRole: text('actor_role').notNull(),
    goodsRefundFen: bigint('goods_refund_fen', { mode: 'number' }).notNull(),
    feeFen: bigint('fee_fen', { mode: 'number' }).notNull(),
    shippingRefundFen: bigint('shipping_refund_fen', { mode: 'number' }).notNull(),
    refundFen: bigint('refund_fen', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cancellations_order_idx').on(t.orderId, t.id),
    // Dashboards: cancellations per day, for all shops or one.
    index('cancellations_created_idx').on(t.createdAt),
    index('cancellations_shop_created_idx').on(t.shopId, t.createdAt),
    // Account standing counts a shopper's cancellations over a rolling window.
    index('cancellations_shopper_idx').on(t.shopperId, t.createdAt),
    check(
      'cancellations_money',
      sql`${t.feeFen} >= 0 AND ${t.goodsRefundFen} >= 0 AND ${t.shippingRefundFen} >= 0 AND ${t.refundFen} = ${t.goodsRefundFen} - ${t.feeFen} + ${t.shippingRefundFen} AND ${t.refundFen} >= 0`,
    ),
  ],
);

export const cancellationLines = pgTable(
  'cancellation_lines',
  {
    cancellationId: bigint('cancellation_id', { mode: 'number' })
      .notNull()
      .references(() => cancellations.id),
    orderLineId: bigint('order_line_id', { mode: 'number' })
      .notNull()
      .references(() => orderLines.id),
    quantity: integer('quantity').notNull(),
    paidShareFen: bigint('paid_share_fen', { mode: 'number' }).notNull(),
    feeFen: bigint('fee_fen', { mode: 'number' }).notNull(),
    refundFen: bigint('refund_fen', { mode: 'number' }).notNull(),
    /**
     * Part of these units' paid share already given back by a 价保, 补偿 or offline refund on
     * the line, so it is not refunded a second time.
     */
    alreadyRefundedFen: bigint('already_refunded_fen', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.cancellationId, t.orderLineId] }),
    check('cancellation_lines_qty_pos', sql`${t.quantity} > 0`),
    check(
      'cancellation_lines_money',
      sql`${t.feeFen} >= 0 AND ${t.alreadyRefundedFen} >= 0 AND ${t.feeFen} + ${t.alreadyRefundedFen} <= ${t.paidShareFen} AND ${t.refundFen} = ${t.paidShareFen} - ${t.feeFen} - ${t.alreadyRefundedFen}`,
    ),
  ],
);

/**
 * Where a refund comes from: a cancellation or after-sales case (or a late payment), or one
 * started by amount — 价保 (price protection), 补偿 (goodwill) — or money staff returned
 * outside the provider (线下退款), which is recorded already paid.
 */
export const refundSources = ['order', 'price_protection', 'goodwill', 'offline'] as const;

export const refundStatuses = [
  'pending_review',
  'approved',
  'processing',
  'succeeded',
  'rejected',
  'failed',
] as const;

export const refundOrigins = ['ours', 'double_payment', 'provider_dashboard'] as const;

/** Money owed back to a shopper. Created with its cancellation; carried out by the worker. */
export const refunds = pgTable(
  'refunds',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    shopperId: bigint('shopper_id', { mode: 'number' }).notNull(),
    shopId: bigint('shop_id', { mode: 'number' }).notNull(),
    cancellationId: bigint('cancellation_id', { mode: 'number' }).references(
      () => cancellations.id,
    ),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    channel: text('channel', { enum: ['balance', 'alipay', 'wechat', 'card'] }).notNull(),
    status: text('status', { enum: refundStatuses }).notNull(),
    /**
     * The payment the money goes back through; null = the payment that paid the order. Set for
     * a second payment of the order (paid twice), which is refunded through its own channel.
     */
    paymentId: bigint('payment_id', { mode: 'number' }).references(() => payments.id),
    /** Why it exists: ours (cancellation, after-sales), a double payment, or the provider's dashboard. */
    origin: text('origin', { enum: refundOrigins }).notNull().default('ours'),
    /**
     * What the money is for (orthogonal to `origin`, which says who started it): the order's
     * goods and shipping (cancellation, after-sales), 价保, 补偿, or a 线下退款 recorded by staff.
     */
    source: text('source', { enum: refundSources }).notNull().default('order'),
    /** 补偿: the reason picked from the fixed list; 线下退款: null. */
    reasonCode: text('reason_code'),
    /** Staff's words with a 补偿 or 线下退款. */
    note: text('note'),
    /** 线下退款: how the money went back (cash, bank transfer) and its reference. */
    offlineMethod: text('offline_method', { enum: ['cash', 'bank_transfer'] }),
    offlineReference: text('offline_reference'),
    /** Where the money goes: null = back along the original payment; else a new destination (问题4). */
    destination: jsonb('destination'),
    /**
     * 'staff': the channel cannot send this re-issue to the destination the shopper named
     * (Alipay, UnionPay), so staff pay it outside the channel and record the transfer's
     * reference (offline_reference). Null: the provider pays it out.
     */
    payout: text('payout', { enum: ['staff'] }),
    /** Re-issues after a failure count up; each attempt has its own provider idempotency key. */
    attempt: integer('attempt').notNull().default(1),
    /** Stored before the provider is called, so a retry reuses it and money moves once. */
    providerKey: text('provider_key'),
    providerRefundId: text('provider_refund_id'),
    failureReason: text('failure_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** Staff asked the shopper for evidence (screenshots, photos, chat records) with this note. */
    evidenceRequestedAt: timestamp('evidence_requested_at', { withTimezone: true }),
    evidenceRequestNote: text('evidence_request_note'),
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    reviewReasons: jsonb('review_reasons').notNull().default([]),
    expectedEarliest: timestamp('expected_earliest', { withTimezone: true }).notNull(),
    expectedLatest: timestamp('expected_latest', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('refunds_order_idx').on(t.orderId, t.id),
    index('refunds_shopper_idx').on(t.shopperId, t.id),
    index('refunds_status_idx').on(t.status, t.createdAt),
    // Partial: a new refund has no provider id yet, and its insert writes no entry here.
    uniqueIndex('refunds_provider_refund_key')
      .on(t.providerRefundId)
      .where(sql`${t.providerRefundId} IS NOT NULL`),
    index('refunds_shop_status_idx').on(t.shopId, t.status, t.id),
    // Refund dashboards by day (all shops: refunds_status_idx; one shop: this).
    index('refunds_shop_created_idx').on(t.shopId, t.createdAt),
    check('refunds_amount_pos', sql`${t.amountFen} > 0`),
  ],
);

/** Append-only timeline of a refund: each state change with time, actor and reason. */
export const refundEvents = pgTable(
  'refund_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    refundId: bigint('refund_id', { mode: 'number' })
      .notNull()
      .references(() => refunds.id),
    status: text('status').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorRole: text('actor_role').notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('refund_events_refund_idx').on(t.refundId, t.id),
    // Review SLA dashboard: when refunds entered 待审核.
    index('refund_events_review_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending_review'`),
  ],
);

/** 催一下: every time a shopper (or support) asked about a late refund, with what the provider said. */
export const refundQueries = pgTable(
  'refund_queries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    refundId: bigint('refund_id', { mode: 'number' })
      .notNull()
      .references(() => refunds.id),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorRole: text('actor_role').notNull(),
    providerStatus: text('provider_status'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('refund_queries_refund_idx').on(t.refundId, t.id)],
);

/** Files a shopper gave as evidence for a refund. Stored outside the web root, by a random key. */
export const refundEvidence = pgTable(
  'refund_evidence',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    refundId: bigint('refund_id', { mode: 'number' })
      .notNull()
      .references(() => refunds.id),
    uploadedBy: bigint('uploaded_by', { mode: 'number' }).notNull(),
    fileName: text('file_name').notNull(),
    /** Decided from the file's content, never from its name or the browser's claim. */
    mime: text('mime').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('refund_evidence_refund_idx').on(t.refundId, t.id)],
);
