import { z } from 'zod';
import { fen, idCursor, isoDateTime, orderNo, paymentChannel, policyView } from './common.js';
import { checkoutCoupon } from './coupons.js';
import { paymentChannelName } from './payment-channels.js';

export const orderStatus = z.enum([
  'pending_payment',
  'awaiting_shipment',
  'shipped',
  'completed',
  'cancelled',
]);
export const orderTab = z.enum([
  'all',
  'pending_payment',
  'awaiting_shipment',
  'shipped',
  'completed',
  'cancelled',
  'after_sales',
]);
export type OrderTabName = z.infer<typeof orderTab>;

export const addressInput = z.strictObject({
  name: z.string().trim().min(1).max(40),
  phone: z.string().trim().min(11).max(20),
  address: z.string().trim().min(5).max(200),
});

export const placeOrderRequest = z.strictObject({
  items: z
    .array(
      z.strictObject({
        variantId: z.number().int().positive(),
        quantity: z.number().int().min(1).max(99),
      }),
    )
    .min(1)
    .max(50),
  /** Remove the bought items from the cart (checkout) or leave it alone (一键下单). */
  fromCart: z.boolean().default(false),
  address: addressInput,
  /** The shopper's coupons to use (shopper_coupons ids): one per shop, one platform coupon. */
  couponIds: z.array(z.number().int().positive()).max(20).default([]),
});

export const orderLineView = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  variantId: z.number().int(),
  title: z.string(),
  titleEn: z.string(),
  variantName: z.string(),
  variantNameEn: z.string(),
  imageUrl: z.string(),
  unitPriceFen: fen,
  qtyOrdered: z.number().int(),
  qtyCancelled: z.number().int(),
  qtyShipped: z.number().int(),
  discountFen: fen,
  paidFen: fen,
  refundedFen: fen,
  policy: policyView,
});

export const orderSummary = z.object({
  orderNo,
  status: orderStatus,
  preparing: z.boolean(),
  delivered: z.boolean(),
  shop: z.object({ id: z.number().int(), name: z.string(), nameEn: z.string() }),
  createdAt: isoDateTime,
  payableFen: fen,
  paidFen: fen,
  paymentDeadline: isoDateTime,
  refundStatus: z.string().nullable(),
  itemCount: z.number().int(),
  lines: z.array(orderLineView),
  /** Exactly the actions the order's state allows, for buttons on cards and lists. */
  shopperActions: z.array(z.enum(['pay', 'confirm_receipt'])),
  merchantActions: z.array(z.enum(['prepare', 'ship', 'deliver'])),
});
export type OrderSummary = z.infer<typeof orderSummary>;

export const timelineEntry = z.object({
  kind: z.string(),
  at: isoDateTime,
  actorRole: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/** A 申请取消 and its outcome; the order detail carries the latest one. */
export const cancellationRequestView = z.object({
  id: z.number().int(),
  status: z.enum(['pending', 'approved', 'rejected', 'auto_approved']),
  whole: z.boolean(),
  selection: z.array(z.object({ lineId: z.number().int(), quantity: z.number().int() })),
  reasonCode: z.string(),
  reasonText: z.string().nullable(),
  requestedAt: isoDateTime,
  slaDeadline: isoDateTime,
  decidedAt: isoDateTime.nullable(),
  decisionReason: z.string().nullable(),
});
export type CancellationRequestView = z.infer<typeof cancellationRequestView>;

export const shopperAction = z.enum(['pay', 'confirm_receipt']);
export const merchantAction = z.enum(['prepare', 'ship', 'deliver']);

export const orderDetail = orderSummary.extend({
  goodsFen: fen,
  discountFen: fen,
  shippingFen: fen,
  payment: z.object({ channel: paymentChannel.nullable(), paidAt: isoDateTime.nullable() }),
  shipment: z.object({
    carrier: z.string().nullable(),
    trackingNo: z.string().nullable(),
    shippedAt: isoDateTime.nullable(),
    deliveredAt: isoDateTime.nullable(),
    completedAt: isoDateTime.nullable(),
  }),
  receiver: z.object({ name: z.string(), phone: z.string(), address: z.string() }),
  timeline: z.array(timelineEntry),
  /** The most recent 申请取消 (pending, approved, rejected with the merchant's reason), if any. */
  cancellationRequest: cancellationRequestView.nullable(),
});
export type OrderDetail = z.infer<typeof orderDetail>;

export const placeOrderResponse = z.object({ orders: z.array(orderSummary) });

export const orderListQuery = z.object({
  tab: orderTab.default('all'),
  q: z.string().trim().max(60).optional(),
  cursor: idCursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const orderPage = z.object({
  items: z.array(orderSummary),
  nextCursor: z.string().nullable(),
});
const count = z.number().int();
/** One count per tab (an object rather than z.record, so the API document lists each key). */
export const orderCounts = z.object({
  all: count,
  pending_payment: count,
  awaiting_shipment: count,
  shipped: count,
  completed: count,
  cancelled: count,
  after_sales: count,
});

/** 去支付: which provider takes the money (default the sandbox) and where the shopper pays. */
export const payRequest = z.strictObject({
  provider: paymentChannelName.optional(),
  /** A desktop page (QR code on screen) or a phone browser; default desktop. */
  scene: z.enum(['desktop', 'mobile']).optional(),
});

/**
 * `payUrl`: where to send the shopper (for a QR code or a form, the order page). `handoff`, for a
 * real channel: a redirect, QR content to render (WeChat Native), or a form the browser posts
 * (UnionPay). The provider is the one chosen on the first 去支付 of the order.
 */
export const payResponse = z.object({
  payUrl: z.string(),
  provider: paymentChannelName.optional(),
  handoff: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('redirect'), url: z.string() }),
      z.object({ kind: z.literal('qr'), content: z.string() }),
      z.object({
        kind: z.literal('form'),
        action: z.string(),
        fields: z.record(z.string(), z.string()),
      }),
    ])
    .optional(),
});

export const shipRequest = z.strictObject({
  carrier: z.string().trim().min(1).max(40),
  trackingNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{6,40}$/),
});
export const merchantOrderListQuery = z.object({
  status: orderStatus.optional(),
  q: z.string().trim().max(60).optional(),
  cursor: idCursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Prices a prospective checkout without placing anything (per shop, as orders would be). */
export const quoteRequest = z.strictObject({
  items: placeOrderRequest.shape.items,
  /** The coupons chosen; absent: the best combination is preselected. */
  couponIds: z.array(z.number().int().positive()).max(20).optional(),
});
export const quoteResponse = z.object({
  orders: z.array(
    z.object({
      shop: z.object({ id: z.number().int(), name: z.string(), nameEn: z.string() }),
      goodsFen: fen,
      /** Every discount: 满减 and coupons. */
      discountFen: fen,
      promoDiscountFen: fen,
      shopCouponFen: fen,
      platformCouponFen: fen,
      shippingFen: fen,
      payableFen: fen,
    }),
  ),
  totalFen: fen,
  /** The shopper's coupons for this checkout, usable or not. */
  coupons: z.array(checkoutCoupon),
  /** The coupons the prices above use: the ones asked for, or the best pick. */
  couponIds: z.array(z.number().int()),
  /** Items that cannot be bought now; placing the order would fail with these. */
  problems: z.array(
    z.object({
      variantId: z.number().int(),
      code: z.enum(['OUT_OF_STOCK', 'VARIANT_NOT_FOUND']),
      available: z.number().int(),
    }),
  ),
});
export type Quote = z.infer<typeof quoteResponse>;
