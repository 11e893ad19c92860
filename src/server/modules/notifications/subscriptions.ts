import { desc, eq } from 'drizzle-orm';
import type { NoticeTemplate } from '../../../domain/notice-templates.js';
import type { Deps } from '../../deps.js';
import type { EventPayload, Topic } from '../../events.js';
import {
  addressChangeRequests,
  cancellationRequests,
  cancellations,
  orders,
  refundEvents,
  refunds,
  supportBoardMessages,
} from '../../platform/db/schema/index.js';
import type { OutboxEvent } from '../../platform/outbox/outbox.js';
import { composeNotices, DELIVER_TOPIC } from './compose.js';
import { deliverNotice, MAX_DELIVERY_ATTEMPTS } from './deliver.js';

export const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Turns each event a shopper cares about into notices. */
export function registerNoticeSubscriptions(deps: Deps): void {
  const { db } = deps.database;
  const on = <T extends Topic>(
    topic: T,
    handler: (p: EventPayload<T>, e: OutboxEvent<EventPayload<T>>) => Promise<void>,
  ) => deps.outbox.subscribe(topic, `notices.${topic}`, (e) => handler(e.payload, e));
  const simple =
    (template: NoticeTemplate, amount?: (orderId: number) => Promise<number>) =>
    async (p: { orderId: number }, e: OutboxEvent) => {
      await composeNotices(deps, {
        sourceEvent: e.eventId,
        template,
        orderId: p.orderId,
        facts: amount ? { amountFen: await amount(p.orderId) } : {},
      });
    };
  const orderAmount = (field: 'payableFen' | 'paidFen') => async (orderId: number) => {
    const [o] = await db.select().from(orders).where(eq(orders.id, orderId));
    return o?.[field] ?? 0;
  };

  on('order.placed', simple('order_placed', orderAmount('payableFen')));
  on('order.paid', simple('order_paid', orderAmount('paidFen')));
  on('order.shipped', async (p, e) => {
    const [o] = await db.select().from(orders).where(eq(orders.id, p.orderId));
    if (!o) return;
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: 'order_shipped',
      orderId: o.id,
      facts: {
        ...(o.carrier ? { carrier: o.carrier } : {}),
        ...(o.trackingNo ? { trackingNo: o.trackingNo } : {}),
      },
    });
  });
  on('order.cancelled', async (p, e) => {
    if (p.kind === 'payment_timeout') {
      await composeNotices(deps, {
        sourceEvent: e.eventId,
        template: 'order_timeout_cancelled',
        orderId: p.orderId,
      });
      return;
    }
    const [c] = await db.select().from(cancellations).where(eq(cancellations.id, p.cancellationId));
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: p.whole ? 'order_cancelled' : 'order_partially_cancelled',
      orderId: p.orderId,
      facts: { amountFen: c?.refundFen ?? 0 },
    });
  });
  on('cancellation.requested', async (p, e) => {
    const [r] = await db
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.id, p.requestId));
    if (!r) return;
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: 'cancellation_requested',
      orderId: r.orderId,
      facts: { deadline: shanghai.format(r.slaDeadline) },
    });
  });
  on('cancellation.decided', async (p, e) => {
    const [r] = await db
      .select()
      .from(cancellationRequests)
      .where(eq(cancellationRequests.id, p.requestId));
    if (!r) return;
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: r.status === 'rejected' ? 'cancellation_rejected' : 'cancellation_approved',
      orderId: r.orderId,
      facts: r.decisionReason ? { reason: r.decisionReason } : {},
    });
  });
  // The shopper hears the merchant's (or the deadline's) answer to their address change.
  on('address_change.decided', async (p, e) => {
    const [r] = await db
      .select()
      .from(addressChangeRequests)
      .where(eq(addressChangeRequests.id, p.requestId));
    if (!r) return;
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: r.status === 'refused' ? 'address_change_refused' : 'address_change_accepted',
      orderId: r.orderId,
      facts: r.decisionReason ? { reason: r.decisionReason } : {},
    });
  });
  const refundNotice =
    (template: NoticeTemplate) => async (p: { refundId: number }, e: OutboxEvent) => {
      const [r] = await db.select().from(refunds).where(eq(refunds.id, p.refundId));
      if (!r) return;
      const [last] = await db
        .select({ reason: refundEvents.reason })
        .from(refundEvents)
        .where(eq(refundEvents.refundId, r.id))
        .orderBy(desc(refundEvents.id))
        .limit(1);
      await composeNotices(deps, {
        sourceEvent: e.eventId,
        template,
        orderId: r.orderId,
        path: `/refunds/${r.id}`,
        facts: { amountFen: r.amountFen, ...(last?.reason ? { reason: last.reason } : {}) },
      });
    };
  on('refund.approved', refundNotice('refund_approved'));
  on('refund.succeeded', refundNotice('refund_succeeded'));
  on('refund.failed', refundNotice('refund_failed'));
  on('refund.rejected', refundNotice('refund_rejected'));
  // 价保, 补偿, 线下退款: one event, the template by where the refund came from.
  on('refund.staff_issued', async (p, e) => {
    const [r] = await db.select().from(refunds).where(eq(refunds.id, p.refundId));
    if (!r || r.source === 'order') return;
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: `refund_${r.source}`,
      orderId: r.orderId,
      path: `/refunds/${r.id}`,
      facts: { amountFen: r.amountFen },
    });
  });
  on('refund.evidence_requested', async (p, e) => {
    const [r] = await db.select().from(refunds).where(eq(refunds.id, p.refundId));
    if (!r) return;
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: 'refund_evidence_requested',
      orderId: r.orderId,
      path: `/refunds/${r.id}`,
      facts: {
        amountFen: r.amountFen,
        ...(r.evidenceRequestNote ? { reason: r.evidenceRequestNote } : {}),
      },
    });
  });
  on('support.replied', async (p, e) => {
    const [m] = await db
      .select({ subject: supportBoardMessages.subject })
      .from(supportBoardMessages)
      .where(eq(supportBoardMessages.id, p.messageId));
    if (!m) return;
    await composeNotices(deps, {
      sourceEvent: e.eventId,
      template: 'support_replied',
      ...(p.orderId ? { orderId: p.orderId } : { userId: p.shopperId }),
      path: '/support/messages',
      facts: { topic: m.subject },
    });
  });

  deps.outbox.subscribe(
    DELIVER_TOPIC,
    'notices.deliver',
    (e) => deliverNotice(deps, e.payload, e.attempts),
    MAX_DELIVERY_ATTEMPTS,
  );
}
