import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const shops = pgTable('shops', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  /** Flat shipping per order, waived when goods reach freeShippingOverFen. */
  shippingFeeFen: bigint('shipping_fee_fen', { mode: 'number' }).notNull().default(0),
  freeShippingOverFen: bigint('free_shipping_over_fen', { mode: 'number' }),
  /** 满减: goods of at least promoThresholdFen get promoDiscountFen off. */
  promoThresholdFen: bigint('promo_threshold_fen', { mode: 'number' }),
  promoDiscountFen: bigint('promo_discount_fen', { mode: 'number' }).notNull().default(0),
  /** The shop's own system, told about its orders by signed webhooks; null = none. */
  webhookUrl: text('webhook_url'),
  webhookSecret: text('webhook_secret'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const products = pgTable(
  'products',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shopId: bigint('shop_id', { mode: 'number' })
      .notNull()
      .references(() => shops.id),
    title: text('title').notNull(),
    titleEn: text('title_en').notNull(),
    description: text('description').notNull().default(''),
    /** Colour of the generated placeholder image. */
    imageHue: integer('image_hue').notNull().default(200),
    policyKind: text('policy_kind', {
      enum: ['full_refund', 'refund_minus_fee', 'no_refund_after_shipment', 'non_cancellable'],
    }).notNull(),
    /** For refund_minus_fee: 'percent' (value in basis points) or 'fixed' (value in fen). */
    feeKind: text('fee_kind', { enum: ['percent', 'fixed'] }),
    feeValue: integer('fee_value').notNull().default(0),
    /** 组合套装: sold as a set, so an order containing it can only be cancelled whole. */
    bundle: boolean('bundle').notNull().default(false),
    onSale: integer('on_sale').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('products_shop_idx').on(t.shopId, t.id)],
);

export const variants = pgTable(
  'variants',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => products.id),
    shopId: bigint('shop_id', { mode: 'number' })
      .notNull()
      .references(() => shops.id),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    /** Units on the shelf, free to sell. */
    stockAvailable: integer('stock_available').notNull(),
    /** Units in orders that are not yet shipped or cancelled. */
    stockReserved: integer('stock_reserved').notNull().default(0),
    /** Units that left the warehouse. */
    stockShipped: integer('stock_shipped').notNull().default(0),
    /**
     * When the merchant deleted the variant. Orders and the stock ledger refer to it, so the row
     * stays (a soft delete): it is no longer sold, and open orders of it still cancel and
     * release their units into its counters and the ledger.
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('variants_product_idx').on(t.productId),
    check('variants_price_nonneg', sql`${t.priceFen} >= 0`),
    check('variants_available_nonneg', sql`${t.stockAvailable} >= 0`),
    check('variants_reserved_nonneg', sql`${t.stockReserved} >= 0`),
    check('variants_shipped_nonneg', sql`${t.stockShipped} >= 0`),
  ],
);

/** Append-only: every change to a variant's stock counters, with its cause. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    variantId: bigint('variant_id', { mode: 'number' })
      .notNull()
      .references(() => variants.id),
    /** return: a returned unit back on the shelf (shipped → available). */
    kind: text('kind', { enum: ['receive', 'reserve', 'release', 'ship', 'return'] }).notNull(),
    quantity: integer('quantity').notNull(),
    orderId: bigint('order_id', { mode: 'number' }),
    orderLineId: bigint('order_line_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_variant_idx').on(t.variantId),
    check('stock_movements_qty_pos', sql`${t.quantity} > 0`),
  ],
);
