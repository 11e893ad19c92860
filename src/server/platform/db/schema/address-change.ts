import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orders } from './orders.js';

export const addressChangeStatuses = [
  'applied',
  'pending',
  'accepted',
  'refused',
  'auto_accepted',
] as const;

/**
 * Every change of a 待发货 order's delivery address: applied at once (`applied`) before the
 * merchant starts preparing, else a request (`pending`) the merchant accepts or refuses, or the
 * SLA deadline accepts. Append-only apart from the decision of a pending row.
 */
export const addressChangeRequests = pgTable(
  'address_change_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id),
    shopperId: bigint('shopper_id', { mode: 'number' }).notNull(),
    shopId: bigint('shop_id', { mode: 'number' }).notNull(),
    status: text('status', { enum: addressChangeStatuses }).notNull(),
    /** The address before the change, as the order carried it. */
    fromName: text('from_name').notNull(),
    fromPhone: text('from_phone').notNull(),
    fromAddress: text('from_address').notNull(),
    toName: text('to_name').notNull(),
    toPhone: text('to_phone').notNull(),
    toAddress: text('to_address').notNull(),
    requestedBy: bigint('requested_by', { mode: 'number' }),
    requestedRole: text('requested_role').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** Null for a change applied at once. */
    slaDeadline: timestamp('sla_deadline', { withTimezone: true }),
    decidedBy: bigint('decided_by', { mode: 'number' }),
    decidedRole: text('decided_role'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    // At most one open request per order, enforced by the database.
    uniqueIndex('address_change_requests_one_pending')
      .on(t.orderId)
      .where(sql`${t.status} = 'pending'`),
    index('address_change_requests_order_idx').on(t.orderId, t.id),
    index('address_change_requests_shop_queue_idx').on(t.shopId, t.status, t.slaDeadline),
  ],
);
