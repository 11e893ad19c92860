import { z } from 'zod';
import { SMS_TEMPLATES, type SmsKind } from '../domain/sms-templates.js';
import type { OutboxRegistry } from './platform/outbox/outbox.js';

// Every outbox topic and the one payload shape it carries. `emit` accepts only these topics and
// payloads (a typo or a missing field fails type-checking), and every consumer gets its payload
// parsed by the same schema, so no handler casts what it reads.

const orderRef = z.object({ orderId: z.number().int() });
const refundRef = z.object({ refundId: z.number().int(), orderId: z.number().int() });
const caseRef = z.object({ caseId: z.number().int(), orderId: z.number().int() });

export const EVENTS = {
  'order.placed': orderRef,
  'order.paid': orderRef,
  'order.shipped': orderRef,
  'order.completed': orderRef,
  /** A cancellation took effect, whatever its kind (the cancellations ledger has the rest). */
  'order.cancelled': z.object({
    orderId: z.number().int(),
    cancellationId: z.number().int(),
    whole: z.boolean(),
    kind: z.enum(['instant', 'request_approved', 'request_auto_approved', 'payment_timeout']),
  }),
  /** Delayed, at the payment deadline: cancel the order if it is still unpaid. */
  'order.payment_timeout': orderRef,
  /** Delayed, N days after shipping: confirm receipt for the shopper. */
  'order.auto_complete': orderRef,
  'cancellation.requested': z.object({ orderId: z.number().int(), requestId: z.number().int() }),
  'cancellation.decided': z.object({
    orderId: z.number().int(),
    requestId: z.number().int(),
    status: z.enum(['approved', 'rejected', 'auto_approved']),
  }),
  /** Delayed, at the SLA deadline: an unanswered request is approved. */
  'cancellation.request_timeout': z.object({ requestId: z.number().int() }),
  /** Delayed, two hours before the SLA deadline: remind the shop's staff if still undecided. */
  'cancellation.request_reminder': z.object({ requestId: z.number().int() }),
  /** A shopper asked to change the address of an order being prepared: the merchant decides. */
  'address_change.requested': z.object({ orderId: z.number().int(), requestId: z.number().int() }),
  /** Delayed, at the SLA deadline: an unanswered address change is accepted. */
  'address_change.request_timeout': z.object({ requestId: z.number().int() }),
  /** Delayed, two hours before the SLA deadline: remind the shop's staff if still undecided. */
  'address_change.request_reminder': z.object({ requestId: z.number().int() }),
  'address_change.decided': z.object({
    orderId: z.number().int(),
    requestId: z.number().int(),
    status: z.enum(['accepted', 'refused', 'auto_accepted']),
  }),
  /** The order's delivery address changed (at once, accepted, or accepted at the deadline). */
  'order.address_changed': z.object({
    orderId: z.number().int(),
    requestId: z.number().int(),
    how: z.enum(['applied', 'accepted', 'auto_accepted']),
  }),
  /** An unpaid order was cancelled: void its payment at the provider. */
  'payment.void_requested': orderRef,
  'account.standing_changed': z.object({
    shopperId: z.number().int(),
    count: z.number().int(),
    level: z.enum(['warned', 'review']),
    windowDays: z.number().int(),
  }),
  'account.password_changed': z.object({ userId: z.number().int() }),
  'verification_code.issued': z.object({
    channel: z.enum(['email', 'sms']),
    target: z.string(),
    code: z.string(),
    purpose: z.enum(['register', 'reset_password']),
    locale: z.enum(['zh-CN', 'en']),
  }),
  /** A refund exists; approved ones are paid out by the refunds worker. */
  'refund.created': z.object({ refundId: z.number().int() }),
  'refund.approved': refundRef,
  'refund.succeeded': refundRef,
  'refund.failed': refundRef,
  'refund.rejected': refundRef,
  'refund.evidence_requested': refundRef,
  /** A 价保, 补偿 or 线下退款 was recorded: the shopper is told. */
  'refund.staff_issued': refundRef,
  /** Once a minute across all workers (the event id names the minute). */
  'refunds.reconcile': z.object({}),
  /** One email or SMS of a notice; an SMS carries its template's variables. */
  'notice.deliver': z.object({
    noticeId: z.number().int(),
    sms: z
      .object({
        kind: z.enum(Object.keys(SMS_TEMPLATES) as [SmsKind, ...SmsKind[]]),
        params: z.array(z.string()),
      })
      .optional(),
  }),
  /** Once a day across all workers (the event id names the day): queues each channel's 对账. */
  'payments.statements_daily': z.object({}),
  /** One channel's statement of one Shanghai day, matched against our records. */
  'payments.statement': z.object({
    provider: z.enum(['alipay', 'wechatpay', 'unionpay']),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  /** Hourly pruning of old rows (the event id names the hour). */
  'retention.run': z.object({}),
  'after_sales.requested': caseRef,
  'after_sales.approved': caseRef,
  'after_sales.rejected': caseRef,
  'after_sales.returned': caseRef,
  'after_sales.completed': caseRef,
  'support.replied': z.object({
    messageId: z.number().int(),
    replyId: z.number().int(),
    shopperId: z.number().int(),
    orderId: z.number().int().nullable(),
  }),
};

export type Events = typeof EVENTS;
export type Topic = keyof Events;
export type EventPayload<T extends Topic> = z.infer<Events[T]>;
/** The registry every module emits through and subscribes to. */
export type AppOutbox = OutboxRegistry<Events>;
