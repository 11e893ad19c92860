import { eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import {
  addressChangeRequests,
  cancellationRequests,
  orders,
} from '../../platform/db/schema/index.js';
import { composeMerchantNotices } from './merchant-notices.js';
import { shanghai } from './subscriptions.js';

/**
 * Tells a shop's staff what they must act on: a new 申请取消 (in-app, email, SMS, with the SLA
 * deadline), a reminder before that deadline while the request is still undecided, and, when a
 * paid order is cancelled without their decision, to stop preparing it (in-app and email); an
 * address change to decide (in-app, email, SMS, with the deadline; the order cannot ship until
 * then), its reminder before that deadline, and an address that changed without their decision
 * (in-app and email).
 */
export function registerMerchantNoticeSubscriptions(deps: Deps): void {
  const { db } = deps.database;
  const requestOf = async (requestId: number) => {
    const [r] = await db
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.id, requestId));
    return r;
  };

  deps.outbox.subscribe('cancellation.requested', 'merchant-notices.requested', async (e) => {
    const r = await requestOf(e.payload.requestId);
    if (!r) return;
    await composeMerchantNotices(deps, {
      sourceEvent: e.eventId,
      template: 'merchant_cancellation_requested',
      orderId: r.orderId,
      channels: ['in_app', 'email', 'sms'],
      deadline: shanghai.format(r.slaDeadline),
    });
  });

  // Due two hours before the deadline. A request decided meanwhile (by the merchant, staff or
  // the SLA job) is read here as decided, and nothing is sent.
  deps.outbox.subscribe('cancellation.request_reminder', 'merchant-notices.reminder', async (e) => {
    const r = await requestOf(e.payload.requestId);
    if (!r || r.status !== 'pending') return;
    if (deps.clock.now().getTime() >= r.slaDeadline.getTime()) return;
    await composeMerchantNotices(deps, {
      sourceEvent: e.eventId,
      template: 'merchant_cancellation_reminder',
      orderId: r.orderId,
      channels: ['in_app', 'email', 'sms'],
      deadline: shanghai.format(r.slaDeadline),
      path: '/staff/cancellation-requests',
    });
  });

  const addressRequestOf = async (requestId: number) => {
    const [r] = await db
      .select()
      .from(addressChangeRequests)
      .where(eq(addressChangeRequests.id, requestId));
    return r;
  };

  deps.outbox.subscribe(
    'address_change.requested',
    'merchant-notices.address_requested',
    async (e) => {
      const r = await addressRequestOf(e.payload.requestId);
      if (!r?.slaDeadline) return;
      await composeMerchantNotices(deps, {
        sourceEvent: e.eventId,
        template: 'merchant_address_change_requested',
        orderId: r.orderId,
        channels: ['in_app', 'email', 'sms'],
        deadline: shanghai.format(r.slaDeadline),
      });
    },
  );

  // As for 申请取消: two hours before silence accepts it, unless decided meanwhile (by the
  // merchant, or by the deadline job) or the order was cancelled (the request stays pending
  // then, but there is nothing left to ship or decide).
  deps.outbox.subscribe(
    'address_change.request_reminder',
    'merchant-notices.address_reminder',
    async (e) => {
      const r = await addressRequestOf(e.payload.requestId);
      if (!r?.slaDeadline || r.status !== 'pending') return;
      if (deps.clock.now().getTime() >= r.slaDeadline.getTime()) return;
      const [o] = await db
        .select({ status: orders.status })
        .from(orders)
        .where(eq(orders.id, r.orderId));
      if (o?.status !== 'awaiting_shipment') return;
      await composeMerchantNotices(deps, {
        sourceEvent: e.eventId,
        template: 'merchant_address_change_reminder',
        orderId: r.orderId,
        channels: ['in_app', 'email', 'sms'],
        deadline: shanghai.format(r.slaDeadline),
      });
    },
  );

  // Changed at once (before preparing) or accepted at the deadline: the staff did not decide it.
  deps.outbox.subscribe('order.address_changed', 'merchant-notices.address_changed', async (e) => {
    if (e.payload.how === 'accepted') return;
    await composeMerchantNotices(deps, {
      sourceEvent: e.eventId,
      template: 'merchant_address_changed',
      orderId: e.payload.orderId,
      channels: ['in_app', 'email'],
    });
  });

  deps.outbox.subscribe('order.cancelled', 'merchant-notices.cancelled', async (e) => {
    const p = e.payload;
    // The merchant decided an approved request themselves; a timeout's order was never paid.
    if (p.kind !== 'instant' && p.kind !== 'request_auto_approved') return;
    const [o] = await db
      .select({ paidAt: orders.paidAt })
      .from(orders)
      .where(eq(orders.id, p.orderId));
    if (!o || o.paidAt === null) return;
    await composeMerchantNotices(deps, {
      sourceEvent: e.eventId,
      template: p.whole ? 'merchant_order_cancelled' : 'merchant_items_cancelled',
      orderId: p.orderId,
      channels: ['in_app', 'email'],
    });
  });
}
