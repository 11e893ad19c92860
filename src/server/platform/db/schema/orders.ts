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
import { users } from './accounts.js';
import { products, shops, variants } from './catalog.js';

export const orderStatuses = [
  'pending_payment',
  'awaiting_shipment',
  'shipped',
  'completed',
  'cancelled',
] as const;

export const cartItems = pgTable(
  'cart_items',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    variantId: bigint('variant_id', { mode: 'number' })
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.variantId] }),
    check('cart_items_qty_pos', sql`${t.quantity} > 0`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderNo: text('order_no').notNull(),
    shopperId: bigint('shopper_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    shopId: bigint('shop_id', { mode: 'number' })
      .notNull()
      .references(() => shops.id),
    /** Derived by the domain from payment, line buckets and fulfilment; stored for indexed tabs. */
    status: text('status', { enum: orderStatuses }).notNull(),
    goodsFen: bigint('goods_fen', { mode: 'number' }).notNull(),
    /** Every discount: 满减, the shop coupon and this order's share of a platform coupon. */
    discountFen: bigint('discount_fen', { mode: 'number' }).notNull().default(0),
    /** The part of discountFen the shop's coupon took off. */
    shopCouponFen: bigint('shop_coupon_fen', { mode: 'number' }).notNull().default(0),
    /** The part of discountFen that is this order's share of the platform coupon. */
    platformCouponFen: bigint('platform_coupon_fen', { mode: 'number' }).notNull().default(0),
    shippingFen: bigint('shipping_fen', { mode: 'number' }).notNull().default(0),
    payableFen: bigint('payable_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
    paymentChannel: text('payment_channel'),
    paymentDeadline: timestamp('payment_deadline', { withTimezone: true }).notNull(),
    receiverName: text('receiver_name').notNull(),
    receiverPhone: text('receiver_phone').notNull(),
    receiverAddress: text('receiver_address').notNull(),
    carrier: text('carrier'),
    trackingNo: text('tracking_no'),
    /** Shipping is refunded at most once, when nothing is left to ship. */
    shippingRefunded: boolean('shipping_refunded').notNull().default(false),
    /** Summary of the newest refund or after-sales case, for the 退款售后 tab; null when none. */
    refundStatus: text('refund_status'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    preparingAt: timestamp('preparing_at', { withTimezone: true }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('orders_order_no_key').on(t.orderNo),
    index('orders_shopper_idx').on(t.shopperId, t.id),
    // Tab lists by status, and (with refund_status INCLUDEd, migration 0013: drizzle does not
    // model INCLUDE) the tab counts as an index-only scan: one index where there were two, so a
    // cancel's order update writes one entry fewer.
    index('orders_shopper_status_idx').on(t.shopperId, t.status, t.id),
    index('orders_shopper_refund_idx')
      .on(t.shopperId, t.id)
      .where(sql`${t.refundStatus} IS NOT NULL`),
    index('orders_shop_idx').on(t.shopId, t.status, t.id),
    // Staff order search and the dashboards: by day, by shop and day, by receiver phone.
    index('orders_created_idx').on(t.createdAt),
    index('orders_shop_created_idx').on(t.shopId, t.createdAt),
    index('orders_receiver_phone_idx').on(t.receiverPhone),
    check(
      'orders_amounts_nonneg',
      sql`${t.goodsFen} >= 0 AND ${t.discountFen} >= 0 AND ${t.shippingFen} >= 0`,
    ),
    check(
      'orders_payable',
      sql`${t.payableFen} = ${t.goodsFen} - ${t.discountFen} + ${t.shippingFen}`,
    ),
    check(
      'orders_coupons',
      sql`${t.shopCouponFen} >= 0 AND ${t.platformCouponFen} >= 0 AND ${t.shopCouponFen} + ${t.platformCouponFen} <= ${t.discountFen}`,
    ),
    check('orders_paid_le_payable', sql`${t.paidFen} >= 0 AND ${t.paidFen} <= ${t.payableFen}`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    /** Denormalised tenant key: every hot query is keyed by shopper. */
    shopperId: bigint('shopper_id', { mode: 'number' }).notNull(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    variantId: bigint('variant_id', { mode: 'number' })
      .notNull()
      .references(() => variants.id),
    title: text('title').notNull(),
    titleEn: text('title_en').notNull(),
    variantName: text('variant_name').notNull(),
    variantNameEn: text('variant_name_en').notNull(),
    imageHue: integer('image_hue').notNull(),
    unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
    qtyOrdered: integer('qty_ordered').notNull(),
    qtyCancelled: integer('qty_cancelled').notNull().default(0),
    qtyShipped: integer('qty_shipped').notNull().default(0),
    qtyReturned: integer('qty_returned').notNull().default(0),
    /** Units refunded through after-sales (仅退款 or 退货退款); qtyReturned of them came back. */
    qtyAfterSales: integer('qty_after_sales').notNull().default(0),
    /**
     * Share of the order's discount (满减 and coupons), prorated by largest remainder: what the
     * line paid is unitPrice × qtyOrdered − discountFen, which every refund is measured against.
     */
    discountFen: bigint('discount_fen', { mode: 'number' }).notNull().default(0),
    /** The part of discountFen that came from coupons. */
    couponDiscountFen: bigint('coupon_discount_fen', { mode: 'number' }).notNull().default(0),
    refundedFen: bigint('refunded_fen', { mode: 'number' }).notNull().default(0),
    /** Part of refundedFen given as 价保: what a later 价保 on the line has already paid. */
    priceProtectedFen: bigint('price_protected_fen', { mode: 'number' }).notNull().default(0),
    /** The product's after-sales policy at the time of purchase. */
    policy: jsonb('policy').notNull(),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId),
    index('order_lines_shopper_idx').on(t.shopperId, t.orderId),
    check('order_lines_qty_pos', sql`${t.qtyOrdered} > 0`),
    check(
      'order_lines_buckets',
      sql`${t.qtyCancelled} >= 0 AND ${t.qtyShipped} >= 0 AND ${t.qtyReturned} >= 0 AND ${t.qtyCancelled} + ${t.qtyShipped} <= ${t.qtyOrdered} AND ${t.qtyReturned} <= ${t.qtyAfterSales} AND ${t.qtyAfterSales} <= ${t.qtyShipped}`,
    ),
    check(
      'order_lines_coupon',
      sql`${t.couponDiscountFen} >= 0 AND ${t.couponDiscountFen} <= ${t.discountFen}`,
    ),
    check(
      'order_lines_price_protected',
      sql`${t.priceProtectedFen} >= 0 AND ${t.priceProtectedFen} <= ${t.refundedFen}`,
    ),
    check(
      'order_lines_refund_le_paid',
      sql`${t.refundedFen} >= 0 AND ${t.refundedFen} <= ${t.unitPriceFen} * ${t.qtyOrdered} - ${t.discountFen}`,
    ),
  ],
);

/** Append-only timeline of everything that happened to an order. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    kind: text('kind').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorRole: text('actor_role').notNull(),
    data: jsonb('data').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

export const payments = pgTable(
  'payments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    /** Sent to the provider as the idempotency key; stored before the call. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** Who takes the money: 'sandbox' or a real channel ('alipay', 'wechatpay', 'unionpay'). */
    provider: text('provider').notNull().default('sandbox'),
    /**
     * How the provider names the payment: the sandbox's payment id, or for a real channel our
     * `out_trade_no` (the order number), which it is looked up by.
     */
    providerPaymentId: text('provider_payment_id'),
    /** The channel's own trade number (`trade_no`, `transaction_id`, UnionPay `queryId`), once paid. */
    providerTradeNo: text('provider_trade_no'),
    payUrl: text('pay_url'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    channel: text('channel'),
    status: text('status', { enum: ['pending', 'succeeded', 'voided'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payments_idempotency_key').on(t.idempotencyKey),
    // Each provider names its payments itself: the channels all use the order number.
    uniqueIndex('payments_provider_id_key').on(t.provider, t.providerPaymentId),
    index('payments_order_idx').on(t.orderId),
    // A refund UnionPay made itself names the payment only by its queryId.
    index('payments_provider_trade_idx')
      .on(t.provider, t.providerTradeNo)
      .where(sql`${t.providerTradeNo} IS NOT NULL`),
  ],
);

/**
 * A refund a provider notified us of that names no payment of ours (made in the provider's
 * merchant dashboard for a trade we do not know): kept for staff, never dropped.
 */
export const unmatchedProviderRefunds = pgTable(
  'unmatched_provider_refunds',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    provider: text('provider').notNull(),
    /** The notify's event id (also in webhook_receipts): one row per notify. */
    eventId: text('event_id').notNull(),
    /** The payment reference the notify gave ('' when none). */
    merchantOrderNo: text('merchant_order_no').notNull(),
    refundKey: text('refund_key').notNull(),
    providerRefundId: text('provider_refund_id'),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    status: text('status').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('unmatched_provider_refunds_event_key').on(t.eventId),
    index('unmatched_provider_refunds_received_idx').on(t.receivedAt),
  ],
);
