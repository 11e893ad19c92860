// Every cancellation, as one pure function from what was loaded under lock to a complete
// description of the change (C4, C5, C9). The kinds:
//
//   command          who                         outcome
//   cancel           shopper, agent, operator    cancelled (instant) | requested (申请取消) | already_cancelled
//   decide approve   merchant                    cancelled (request_approved)
//   decide timeout   SLA job                     cancelled (request_auto_approved) | refused before the deadline
//   decide reject    merchant                    rejected
//   payment_timeout  payment-deadline job        cancelled (payment_timeout) | not_due
//
// Whatever the kind, a cancellation that takes effect writes the same rows: an append-only
// cancellations record with its lines, line buckets, stock back through the ledger, the refund
// when money was paid, the order's status, timeline, audit and events. Refusals throw
// DomainError; the caller's transaction rolls back.

import { standingOf } from './account-standing.js';
import type { AfterSalesPolicy } from './after-sales-policy.js';
import type { Actor, AuditRecord, TimelineRecord } from './change-records.js';
import { timelineRecord } from './change-records.js';
import {
  assessCancellation,
  checkSelection,
  feesApply,
  isWholeSelection,
  resolveSelection,
  type CancellableLine,
  type CancellableOrder,
  type SelectionItem,
} from './cancellation-rules.js';
import {
  normalizeReasonText,
  requestSlaDeadline,
  validateReason,
  type CancellationSettings,
} from './cancellation-settings.js';
import { couponOutcomes, type CouponOutcome, type CouponUse } from './coupon-return.js';
import { DomainError } from './errors.js';
import { checkOrderAction } from './order-transitions.js';
import type { OrderStatus } from './order-status.js';
import { planCancellationRefund, type RefundChannel } from './refund-calculation.js';
import { newRefund, type RefundEventRecord, type RefundRecord } from './refund-record.js';
import { needsReview } from './refund-review.js';
import { requestReminderAt } from './request-reminder.js';

/** The order as locked: the columns the rules read (rows may carry more; they pass through). */
export interface PlanOrder {
  id: number;
  shopperId: number;
  shopId: number;
  status: OrderStatus;
  paidAt: Date | null;
  preparingAt: Date | null;
  deliveredAt: Date | null;
  paymentDeadline: Date;
  paidFen: number;
  shippingFen: number;
  shippingRefunded: boolean;
  paymentChannel: string | null;
  cancelledAt: Date | null;
  refundStatus: string | null;
}

export interface PlanLine {
  id: number;
  variantId: number;
  title: string;
  titleEn: string;
  qtyOrdered: number;
  qtyCancelled: number;
  qtyShipped: number;
  unitPriceFen: number;
  discountFen: number;
  refundedFen: number;
  policy: unknown;
}

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'auto_approved';

/** A 申请取消 (cancellation_requests row). */
export interface RequestRecord {
  id: number;
  orderId: number;
  shopperId: number;
  shopId: number;
  status: RequestStatus;
  selection: unknown;
  whole: boolean;
  reasonCode: string;
  reasonText: string | null;
  requestedBy: number | null;
  requestedRole: string;
  requestedAt: Date;
  slaDeadline: Date;
  decidedBy: number | null;
  decidedRole: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

export type CancellationKind =
  'instant' | 'request_approved' | 'request_auto_approved' | 'payment_timeout';

export type CancellationCommand =
  | {
      kind: 'cancel';
      selection: readonly SelectionItem[] | 'all';
      reasonCode: string;
      reasonText?: string | null | undefined;
    }
  | { kind: 'decide'; requestId: number; decision: 'approve' | 'timeout' }
  | { kind: 'decide'; requestId: number; decision: 'reject'; reason: string }
  | { kind: 'payment_timeout' };

/** Ids taken from their sequences while loading, so every row of the plan is complete. */
export interface AllocatedIds {
  cancellationId: number | null;
  refundId: number | null;
  requestId: number | null;
}

export interface CancellationFacts<O extends PlanOrder, L extends PlanLine> {
  order: O;
  /** Ascending id. */
  lines: readonly L[];
  /** The order's latest request (an open one is always the latest), or the one decided. */
  request: RequestRecord | null;
  /** The shopper's counted cancellations in the standing window, this one not included. */
  standingCount: number;
  settings: CancellationSettings;
  ids: AllocatedIds;
  actor: Actor;
  now: Date;
  /** The coupons used on the order and not yet given back, locked after the lines. */
  couponUses?: readonly CouponUse[];
}

export interface CancellationRecord {
  id: number;
  orderId: number;
  shopperId: number;
  shopId: number;
  requestId: number | null;
  kind: CancellationKind;
  whole: boolean;
  reasonCode: string;
  reasonText: string | null;
  actorId: number | null;
  actorRole: string;
  goodsRefundFen: number;
  feeFen: number;
  shippingRefundFen: number;
  refundFen: number;
  createdAt: Date;
}

export interface CancellationLineRecord {
  cancellationId: number;
  orderLineId: number;
  quantity: number;
  paidShareFen: number;
  feeFen: number;
  alreadyRefundedFen: number;
  refundFen: number;
}

/** Units cancelled and money refunded on a line: added to its buckets. */
export interface LineMove {
  lineId: number;
  quantity: number;
  refundFen: number;
}

/** Reserved → shelf, one ledger row each. */
export interface StockRelease {
  variantId: number;
  quantity: number;
  orderId: number;
  orderLineId: number;
}

export interface OrderChange {
  status?: 'cancelled';
  cancelledAt?: Date;
  shippingRefunded?: true;
  refundStatus?: string;
}

export interface RequestDecision {
  id: number;
  status: Exclude<RequestStatus, 'pending'>;
  decidedAt: Date;
  decidedBy: number | null;
  decidedRole: string;
  decisionReason: string | null;
}

/** The events a cancellation emits, with the payload of each topic. */
export type CancellationEvent =
  | {
      topic: 'order.cancelled';
      payload: { orderId: number; cancellationId: number; whole: boolean; kind: CancellationKind };
    }
  | { topic: 'refund.created'; payload: { refundId: number } }
  | { topic: 'cancellation.requested'; payload: { orderId: number; requestId: number } }
  | {
      topic: 'cancellation.decided';
      payload: { orderId: number; requestId: number; status: RequestDecision['status'] };
    }
  | { topic: 'cancellation.request_timeout'; payload: { requestId: number }; runAt: Date }
  | { topic: 'cancellation.request_reminder'; payload: { requestId: number }; runAt: Date }
  | { topic: 'payment.void_requested'; payload: { orderId: number } }
  | {
      topic: 'account.standing_changed';
      payload: { shopperId: number; count: number; level: 'warned' | 'review'; windowDays: number };
      eventId: string;
    };

export type CancellationOutcome =
  'cancelled' | 'requested' | 'rejected' | 'already_cancelled' | 'not_due';

export interface CancellationPlan<O extends PlanOrder, L extends PlanLine> {
  outcome: CancellationOutcome;
  cancellation: CancellationRecord | null;
  cancellationLines: CancellationLineRecord[];
  lineMoves: LineMove[];
  stock: StockRelease[];
  refund: RefundRecord | null;
  refundEvents: RefundEventRecord[];
  /** Columns to set on the order; empty when the order row does not change. */
  order: OrderChange;
  newRequest: RequestRecord | null;
  decision: RequestDecision | null;
  /** The payment deadline passed: the order's pending payments are void (the provider's already are). */
  voidPendingPayments: boolean;
  /** What happens to each coupon used on the order; those `returned` are given back. */
  coupons: CouponOutcome[];
  timeline: TimelineRecord[];
  audit: AuditRecord[];
  events: CancellationEvent[];
  /** The order, its lines and its latest request as they are once the plan is written. */
  after: { order: O; lines: L[]; request: RequestRecord | null };
}

export function toCancellableOrder(
  order: PlanOrder,
  lines: readonly PlanLine[],
  pendingRequest: boolean,
): CancellableOrder {
  return {
    status: order.status,
    paidAt: order.paidAt,
    preparingAt: order.preparingAt,
    paidFen: order.paidFen,
    shippingFen: order.shippingFen,
    refundedShipping: order.shippingRefunded,
    pendingRequest,
    lines: lines.map((l): CancellableLine => ({
      id: l.id,
      qtyOrdered: l.qtyOrdered,
      qtyCancelled: l.qtyCancelled,
      qtyShipped: l.qtyShipped,
      unitPriceFen: l.unitPriceFen,
      discountFen: l.discountFen,
      refundedFen: l.refundedFen,
      policy: l.policy as CancellableLine['policy'],
    })),
  };
}

function nothing<O extends PlanOrder, L extends PlanLine>(
  outcome: CancellationOutcome,
  facts: CancellationFacts<O, L>,
): CancellationPlan<O, L> {
  return {
    outcome,
    cancellation: null,
    cancellationLines: [],
    lineMoves: [],
    stock: [],
    refund: null,
    refundEvents: [],
    order: {},
    newRequest: null,
    decision: null,
    voidPendingPayments: false,
    coupons: [],
    timeline: [],
    audit: [],
    events: [],
    after: { order: facts.order, lines: [...facts.lines], request: facts.request },
  };
}

function required(id: number | null, what: string): number {
  if (id === null) throw new Error(`no ${what} id was allocated`);
  return id;
}

/** The plan for one command on one locked order. Throws DomainError when it is refused. */
export function planCancellation<O extends PlanOrder, L extends PlanLine>(
  facts: CancellationFacts<O, L>,
  command: CancellationCommand,
): CancellationPlan<O, L> {
  switch (command.kind) {
    case 'cancel':
      return planCancel(facts, command);
    case 'decide':
      return planDecision(facts, command);
    case 'payment_timeout':
      return planPaymentTimeout(facts);
  }
}

function planCancel<O extends PlanOrder, L extends PlanLine>(
  facts: CancellationFacts<O, L>,
  command: Extract<CancellationCommand, { kind: 'cancel' }>,
): CancellationPlan<O, L> {
  const { order, lines, settings, now, actor } = facts;
  // A repeat of a cancellation that already happened gets the existing result, not an error.
  if (order.status === 'cancelled') return nothing('already_cancelled', facts);
  const pending = facts.request?.status === 'pending';
  const cancellable = toCancellableOrder(order, lines, pending);
  const assessment = assessCancellation(cancellable, settings, now);
  const problem = checkSelection(cancellable, assessment, command.selection);
  if (problem)
    throw new DomainError(problem, {
      blockedBy: assessment.blockedBy,
      partialBlockedBy: assessment.partialBlockedBy,
    });
  const reasonProblem = validateReason(
    settings,
    command.reasonCode,
    command.reasonText ?? undefined,
  );
  if (reasonProblem) throw new DomainError(reasonProblem);
  const selection = resolveSelection(cancellable, assessment, command.selection);
  const reasonText = normalizeReasonText(command.reasonText);

  if (assessment.mode === 'instant') {
    const plan = planEffect(facts, {
      kind: 'instant',
      selection,
      reasonCode: command.reasonCode,
      reasonText,
      requestId: null,
      chargeFees: feesApply(cancellable, assessment),
    });
    // An unpaid order's payment link is voided at the provider, so it can no longer be paid.
    if (order.paidAt === null)
      plan.events.push({ topic: 'payment.void_requested', payload: { orderId: order.id } });
    return plan;
  }

  // 申请取消: the merchant answers within the SLA, or it is approved when the SLA runs out.
  const requestId = required(facts.ids.requestId, 'request');
  const slaDeadline = requestSlaDeadline(settings, now);
  const request: RequestRecord = {
    id: requestId,
    orderId: order.id,
    shopperId: order.shopperId,
    shopId: order.shopId,
    status: 'pending',
    selection,
    whole: isWholeSelection(cancellable, assessment, command.selection),
    reasonCode: command.reasonCode,
    reasonText,
    requestedBy: actor.id,
    requestedRole: actor.role,
    requestedAt: now,
    slaDeadline,
    decidedBy: null,
    decidedRole: null,
    decidedAt: null,
    decisionReason: null,
  };
  return {
    ...nothing('requested', facts),
    newRequest: request,
    timeline: [
      timelineRecord(order.id, 'cancellation.requested', actor, now, {
        requestId,
        reasonCode: command.reasonCode,
        ...(reasonText ? { reasonText } : {}),
        slaDeadline: slaDeadline.toISOString(),
      }),
    ],
    audit: [
      {
        actorId: actor.id,
        actorRole: actor.role,
        action: 'cancellation.request',
        entityType: 'order',
        entityId: order.id,
        orderId: order.id,
        before: null,
        after: { requestId, selection, reasonCode: command.reasonCode },
      },
    ],
    events: [
      { topic: 'cancellation.requested', payload: { orderId: order.id, requestId } },
      { topic: 'cancellation.request_timeout', payload: { requestId }, runAt: slaDeadline },
      ...requestReminder(requestId, now, slaDeadline),
    ],
    after: { order, lines: [...lines], request },
  };
}

/** The reminder to the shop's staff before the deadline (request-reminder.ts). */
function requestReminder(requestId: number, now: Date, slaDeadline: Date): CancellationEvent[] {
  const at = requestReminderAt(now, slaDeadline);
  return at ? [{ topic: 'cancellation.request_reminder', payload: { requestId }, runAt: at }] : [];
}

function planDecision<O extends PlanOrder, L extends PlanLine>(
  facts: CancellationFacts<O, L>,
  command: Extract<CancellationCommand, { kind: 'decide' }>,
): CancellationPlan<O, L> {
  const { order, lines, settings, now, actor } = facts;
  const request = facts.request;
  if (!request || request.id !== command.requestId)
    throw new DomainError('CANCELLATION_REQUEST_NOT_FOUND');
  if (request.status !== 'pending')
    throw new DomainError('CANCELLATION_REQUEST_DECIDED', { status: request.status });
  if (command.decision === 'timeout' && now < request.slaDeadline)
    throw new DomainError('CANCELLATION_REQUEST_DECIDED', { status: 'pending' });

  const status =
    command.decision === 'reject'
      ? 'rejected'
      : command.decision === 'timeout'
        ? 'auto_approved'
        : 'approved';
  const decisionReason = command.decision === 'reject' ? command.reason : null;
  const decision: RequestDecision = {
    id: request.id,
    status,
    decidedAt: now,
    decidedBy: actor.id,
    decidedRole: actor.role,
    decisionReason,
  };
  const decided: RequestRecord = { ...request, ...decision };
  const decisionAudit: AuditRecord = {
    actorId: actor.id,
    actorRole: actor.role,
    action: `cancellation.${status}`,
    entityType: 'cancellation_request',
    entityId: request.id,
    orderId: request.orderId,
    before: { status: 'pending' },
    after: { status, reason: decisionReason },
  };
  const decidedEvent: CancellationEvent = {
    topic: 'cancellation.decided',
    payload: { orderId: order.id, requestId: request.id, status },
  };

  if (status === 'rejected') {
    return {
      ...nothing('rejected', facts),
      decision,
      timeline: [
        timelineRecord(order.id, 'cancellation.rejected', actor, now, {
          requestId: request.id,
          reason: decisionReason,
        }),
      ],
      audit: [decisionAudit],
      events: [decidedEvent],
      after: { order, lines: [...lines], request: decided },
    };
  }

  // Judged as at the time of the request (what the shopper's preview showed), without the
  // request itself blocking; the stored selection is checked again against today's lines.
  const cancellable = toCancellableOrder(order, lines, false);
  const assessment = assessCancellation(cancellable, settings, request.requestedAt);
  const selection = request.selection as SelectionItem[];
  const problem = checkSelection(cancellable, assessment, selection);
  if (problem) throw new DomainError(problem);
  const effect = planEffect(facts, {
    kind: status === 'approved' ? 'request_approved' : 'request_auto_approved',
    selection: resolveSelection(cancellable, assessment, selection),
    reasonCode: request.reasonCode,
    reasonText: request.reasonText,
    requestId: request.id,
    chargeFees: feesApply(cancellable, assessment),
  });
  return {
    ...effect,
    decision,
    timeline: [
      timelineRecord(
        order.id,
        status === 'approved' ? 'cancellation.approved' : 'cancellation.auto_approved',
        actor,
        now,
        { requestId: request.id },
      ),
      ...effect.timeline,
    ],
    audit: [...effect.audit, decisionAudit],
    events: [...effect.events, decidedEvent],
    after: { ...effect.after, request: decided },
  };
}

function planPaymentTimeout<O extends PlanOrder, L extends PlanLine>(
  facts: CancellationFacts<O, L>,
): CancellationPlan<O, L> {
  const { order, lines, settings, now } = facts;
  // Paid in time, cancelled already, or the deadline moved: nothing to do.
  if (checkOrderAction(order, 'timeout_cancel', now) !== null) return nothing('not_due', facts);
  const cancellable = toCancellableOrder(order, lines, false);
  const assessment = assessCancellation(cancellable, settings, now);
  const plan = planEffect(facts, {
    kind: 'payment_timeout',
    selection: resolveSelection(cancellable, assessment, 'all'),
    reasonCode: 'payment_timeout',
    reasonText: null,
    requestId: null,
    chargeFees: false,
  });
  plan.voidPendingPayments = true;
  return plan;
}

interface Effect {
  kind: CancellationKind;
  /** Explicit and merged (resolveSelection). */
  selection: SelectionItem[];
  reasonCode: string;
  reasonText: string | null;
  requestId: number | null;
  chargeFees: boolean;
}

/** What cancelling `selection` writes, whatever led to it. */
function planEffect<O extends PlanOrder, L extends PlanLine>(
  facts: CancellationFacts<O, L>,
  e: Effect,
): CancellationPlan<O, L> {
  const { order, lines, settings, now, actor } = facts;
  const cancellationId = required(facts.ids.cancellationId, 'cancellation');
  const refundPlan = planCancellationRefund(toCancellableOrder(order, lines, false), e.selection, {
    chargeFees: e.chargeFees,
  });
  const lineOf = (id: number) => {
    const line = lines.find((l) => l.id === id);
    if (!line) throw new RangeError(`no line ${id} in the order`);
    return line;
  };
  const linesAfter = lines.map((l) => {
    const part = refundPlan.lines.find((p) => p.lineId === l.id);
    return part
      ? {
          ...l,
          qtyCancelled: l.qtyCancelled + part.quantity,
          refundedFen: l.refundedFen + part.refundFen,
        }
      : l;
  });
  const remaining = linesAfter.reduce(
    (n, l) => n + l.qtyOrdered - l.qtyCancelled - l.qtyShipped,
    0,
  );
  const whole = remaining === 0 && lines.every((l) => l.qtyShipped === 0);

  // The shopper's own cancellations count toward standing, this one included; a payment
  // timeout does not.
  const counted = e.kind !== 'payment_timeout';
  const count = counted ? facts.standingCount + 1 : 0;

  const timeline: TimelineRecord[] = [];
  const audit: AuditRecord[] = [];
  const events: CancellationEvent[] = [];
  let refund: ReturnType<typeof newRefund> | null = null;
  if (refundPlan.totalFen > 0 && order.paymentChannel !== null) {
    const chosen = refundPlan.lines.map((p) => lineOf(p.lineId));
    const review = needsReview(
      {
        totalFen: refundPlan.totalFen,
        standing: standingOf(count, settings),
        lines: chosen.map((l) => ({ policy: l.policy as AfterSalesPolicy })),
      },
      settings,
    );
    refund = newRefund({
      id: required(facts.ids.refundId, 'refund'),
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      cancellationId,
      amountFen: refundPlan.totalFen,
      channel: order.paymentChannel as RefundChannel,
      review,
      actor,
      now,
    });
    timeline.push(refund.timeline);
    audit.push(refund.audit);
    events.push({ topic: 'refund.created', payload: { refundId: refund.refund.id } });
  }

  // A coupon comes back only with the whole order (and, for a platform coupon, its other orders).
  const coupons = couponOutcomes(facts.couponUses ?? [], whole, now);
  const orderChange: OrderChange = {
    ...(whole ? { status: 'cancelled' as const, cancelledAt: now } : {}),
    ...(refundPlan.refundsShipping ? { shippingRefunded: true as const } : {}),
    ...(refund ? { refundStatus: refund.refund.status } : {}),
  };
  const data = {
    ...(e.kind === 'payment_timeout' ? { reason: 'payment_timeout' } : {}),
    reasonCode: e.reasonCode,
    ...(e.reasonText ? { reasonText: e.reasonText } : {}),
    refundFen: refundPlan.totalFen,
    feeFen: refundPlan.feeFen,
    ...(coupons.length > 0
      ? {
          coupons: coupons.map((c) => ({
            shopperCouponId: c.shopperCouponId,
            fate: c.fate,
          })),
        }
      : {}),
    lines: refundPlan.lines.map((p) => {
      const l = lineOf(p.lineId);
      return { lineId: p.lineId, title: l.title, titleEn: l.titleEn, quantity: p.quantity };
    }),
  };
  timeline.push(
    timelineRecord(
      order.id,
      whole ? 'order.cancelled' : 'order.partially_cancelled',
      actor,
      now,
      data,
    ),
  );
  audit.push({
    actorId: actor.id,
    actorRole: actor.role,
    action: `order.cancel.${e.kind}`,
    entityType: 'order',
    entityId: order.id,
    orderId: order.id,
    before: { status: order.status },
    after: { cancellationId, whole, ...data, refundId: refund?.refund.id ?? null },
  });
  events.push({
    topic: 'order.cancelled',
    payload: { orderId: order.id, cancellationId, whole, kind: e.kind },
  });
  const standing = counted ? standingChange(order.shopperId, count, settings, now) : null;
  if (standing) events.push(standing);
  for (const c of coupons.filter((x) => x.fate === 'returned' || x.fate === 'expired'))
    audit.push({
      actorId: actor.id,
      actorRole: actor.role,
      action: `coupon.${c.fate}`,
      entityType: 'shopper_coupon',
      entityId: c.shopperCouponId,
      orderId: order.id,
      before: { status: 'used' },
      after: { status: c.fate, cancellationId },
    });

  return {
    outcome: 'cancelled',
    cancellation: {
      id: cancellationId,
      orderId: order.id,
      shopperId: order.shopperId,
      shopId: order.shopId,
      requestId: e.requestId,
      kind: e.kind,
      whole,
      reasonCode: e.reasonCode,
      reasonText: e.reasonText,
      actorId: actor.id,
      actorRole: actor.role,
      goodsRefundFen: refundPlan.goodsRefundFen,
      feeFen: refundPlan.feeFen,
      shippingRefundFen: refundPlan.shippingRefundFen,
      refundFen: refundPlan.totalFen,
      createdAt: now,
    },
    cancellationLines: refundPlan.lines.map((p) => ({
      cancellationId,
      orderLineId: p.lineId,
      quantity: p.quantity,
      paidShareFen: p.paidShareFen,
      feeFen: p.feeFen,
      alreadyRefundedFen: p.alreadyRefundedFen,
      refundFen: p.refundFen,
    })),
    lineMoves: refundPlan.lines.map((p) => ({
      lineId: p.lineId,
      quantity: p.quantity,
      refundFen: p.refundFen,
    })),
    stock: refundPlan.lines.map((p) => ({
      variantId: lineOf(p.lineId).variantId,
      quantity: p.quantity,
      orderId: order.id,
      orderLineId: p.lineId,
    })),
    refund: refund?.refund ?? null,
    refundEvents: refund ? [refund.event] : [],
    order: orderChange,
    newRequest: null,
    decision: null,
    voidPendingPayments: false,
    coupons,
    timeline,
    audit,
    events,
    after: { order: { ...order, ...orderChange }, lines: linesAfter, request: facts.request },
  };
}

/**
 * When this cancellation moves the shopper to a new standing level, say so (a notice follows).
 * The event id names the level and the day, so concurrent cancellations that both see the same
 * crossing send one warning, not two.
 */
function standingChange(
  shopperId: number,
  count: number,
  settings: CancellationSettings,
  now: Date,
): CancellationEvent | null {
  const after = standingOf(count, settings);
  const before = standingOf(Math.max(0, count - 1), settings);
  if (after.level === before.level || after.level === 'good') return null;
  const day = now.toISOString().slice(0, 10);
  return {
    topic: 'account.standing_changed',
    payload: { shopperId, count, level: after.level, windowDays: settings.standingWindowDays },
    eventId: `standing-${shopperId}-${after.level}-${day}`,
  };
}
