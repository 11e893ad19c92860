import { z } from 'zod';
import { idCursor, isoDateTime, orderNo } from './common.js';
import { timelineEntry } from './orders.js';

export const staffOrderQuery = z.object({
  orderNo: orderNo.optional(),
  /** The shopper's mobile or the receiver's phone. */
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/)
    .optional(),
  email: z.string().trim().toLowerCase().max(254).optional(),
  /** Part of a product title. */
  product: z.string().trim().min(1).max(60).optional(),
  status: z
    .enum(['pending_payment', 'awaiting_shipment', 'shipped', 'completed', 'cancelled'])
    .optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  cursor: idCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type StaffOrderQuery = z.infer<typeof staffOrderQuery>;

export const staffOrderRow = z.object({
  orderNo: z.string(),
  status: z.string(),
  refundStatus: z.string().nullable(),
  shopId: z.number().int(),
  shopName: z.string(),
  shopperName: z.string(),
  shopperMobile: z.string(),
  shopperEmail: z.string(),
  receiverName: z.string(),
  receiverPhone: z.string(),
  payableFen: z.number().int(),
  paidFen: z.number().int(),
  firstTitle: z.string(),
  lineCount: z.number().int(),
  createdAt: isoDateTime,
});
export type StaffOrderRow = z.infer<typeof staffOrderRow>;

export const staffOrderPage = z.object({
  items: z.array(staffOrderRow),
  nextCursor: z.string().nullable(),
});

export const staffOrderDetail = z.object({
  order: staffOrderRow.extend({
    receiverAddress: z.string(),
    paymentChannel: z.string().nullable(),
    carrier: z.string().nullable(),
    trackingNo: z.string().nullable(),
  }),
  lines: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      variantName: z.string(),
      unitPriceFen: z.number().int(),
      qtyOrdered: z.number().int(),
      qtyCancelled: z.number().int(),
      qtyShipped: z.number().int(),
      refundedFen: z.number().int(),
    }),
  ),
  timeline: z.array(timelineEntry),
});
