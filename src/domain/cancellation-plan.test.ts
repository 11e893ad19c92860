import { describe, expect, it } from 'vitest';
import type { AfterSalesPolicy } from './after-sales-policy.js';
import {
  planCancellation,
  type CancellationCommand,
  type CancellationFacts,
  type CancellationOutcome,
  type PlanLine,
  type PlanOrder,
  type RequestRecord,
} from './cancellation-plan.js';
import { DEFAULT_CANCELLATION_SETTINGS as S } from './cancellation-settings.js';
import { DomainError, type DomainErrorCode } from './errors.js';

const PAID_AT = new Date('2026-11-28T10:00:00+08:00');
const min = (n: number) => new Date(PAID_AT.getTime() + n * 60_000);
const FULL: AfterSalesPolicy = { kind: 'full_refund', feeKind: null, feeValue: 0 };
const FEE_5: AfterSalesPolicy = { kind: 'refund_minus_fee', feeKind: 'percent', feeValue: 500 };
const SHOPPER = { id: 7, role: 'shopper' };
const MERCHANT = { id: 70, role: 'merchant' };
const AGENT = { id: 90, role: 'agent' };
const SYSTEM = { id: null, role: 'system' };

type State =
  | 'unpaid'
  | 'unpaid_past_deadline'
  | 'paid'
  | 'preparing_in_window'
  | 'preparing_late'
  | 'request_pending'
  | 'shipped'
  | 'completed'
  | 'cancelled';

function line(id: number, over: Partial<PlanLine> = {}): PlanLine {
  return {
    id,
    variantId: 100 + id,
    title: `商品${id}`,
    titleEn: `Item ${id}`,
    qtyOrdered: 2,
    qtyCancelled: 0,
    qtyShipped: 0,
    unitPriceFen: 5_000,
    discountFen: 0,
    refundedFen: 0,
    policy: FULL,
    ...over,
  };
}

function orderIn(state: State): PlanOrder {
  const unpaid = state === 'unpaid' || state === 'unpaid_past_deadline';
  return {
    id: 1,
    shopperId: SHOPPER.id,
    shopId: 3,
    status: unpaid
      ? 'pending_payment'
      : state === 'shipped'
        ? 'shipped'
        : state === 'completed'
          ? 'completed'
          : state === 'cancelled'
            ? 'cancelled'
            : 'awaiting_shipment',
    paidAt: unpaid ? null : PAID_AT,
    preparingAt: ['preparing_in_window', 'preparing_late', 'request_pending'].includes(state)
      ? min(5)
      : null,
    deliveredAt: null,
    paymentDeadline: state === 'unpaid' ? min(90) : min(-1),
    paidFen: unpaid ? 0 : 20_800,
    shippingFen: 800,
    shippingRefunded: false,
    paymentChannel: unpaid ? null : 'alipay',
    cancelledAt: state === 'cancelled' ? min(1) : null,
    refundStatus: null,
  };
}

function pendingRequest(over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 55,
    orderId: 1,
    shopperId: SHOPPER.id,
    shopId: 3,
    status: 'pending',
    selection: [
      { lineId: 11, quantity: 2 },
      { lineId: 12, quantity: 2 },
    ],
    whole: true,
    reasonCode: 'logistics_delay',
    reasonText: null,
    requestedBy: SHOPPER.id,
    requestedRole: 'shopper',
    requestedAt: min(40),
    slaDeadline: min(40 + 24 * 60),
    decidedBy: null,
    decidedRole: null,
    decidedAt: null,
    decisionReason: null,
    ...over,
  };
}

function facts(
  state: State,
  over: Partial<CancellationFacts<PlanOrder, PlanLine>> = {},
): CancellationFacts<PlanOrder, PlanLine> {
  return {
    order: orderIn(state),
    lines: [line(11), line(12, { policy: FEE_5 })],
    request: state === 'request_pending' ? pendingRequest() : null,
    standingCount: 0,
    settings: S,
    ids: { cancellationId: 500, refundId: 600, requestId: 700 },
    actor: SHOPPER,
    now: state === 'paid' || state === 'preparing_in_window' ? min(10) : min(60),
    ...over,
  };
}

const cancelAll: CancellationCommand = { kind: 'cancel', selection: 'all', reasonCode: 'price' };

function refusal(run: () => unknown): DomainErrorCode | null {
  try {
    run();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

describe('planCancellation: every kind × order state', () => {
  // What each command does in each state: the outcome, or the code it is refused with.
  const table: [State, string, CancellationCommand, CancellationOutcome | DomainErrorCode][] = [
    ['unpaid', 'shopper cancels', cancelAll, 'cancelled'],
    ['paid', 'shopper cancels', cancelAll, 'cancelled'],
    ['preparing_in_window', 'shopper cancels', cancelAll, 'cancelled'],
    ['preparing_late', 'shopper cancels', cancelAll, 'requested'],
    ['request_pending', 'shopper cancels', cancelAll, 'CANCELLATION_ALREADY_REQUESTED'],
    ['shipped', 'shopper cancels', cancelAll, 'ORDER_NOT_CANCELLABLE'],
    ['completed', 'shopper cancels', cancelAll, 'ORDER_NOT_CANCELLABLE'],
    ['cancelled', 'shopper cancels', cancelAll, 'already_cancelled'],
    ['request_pending', 'merchant approves', approve(), 'cancelled'],
    ['request_pending', 'merchant rejects', reject(), 'rejected'],
    ['request_pending', 'SLA job approves', timeout(), 'cancelled'],
    ['paid', 'merchant approves (no request)', approve(), 'CANCELLATION_REQUEST_NOT_FOUND'],
    ['unpaid_past_deadline', 'payment deadline', { kind: 'payment_timeout' }, 'cancelled'],
    ['unpaid', 'payment deadline, early', { kind: 'payment_timeout' }, 'not_due'],
    ['paid', 'payment deadline', { kind: 'payment_timeout' }, 'not_due'],
    ['cancelled', 'payment deadline', { kind: 'payment_timeout' }, 'not_due'],
    ['shipped', 'payment deadline', { kind: 'payment_timeout' }, 'not_due'],
  ];

  it.each(table)('%s, %s → %s', (state, _who, command, expected) => {
    const f = facts(state, {
      actor: command.kind === 'decide' ? MERCHANT : command.kind === 'cancel' ? SHOPPER : SYSTEM,
      ...(command.kind === 'decide' && command.decision === 'timeout'
        ? { now: min(40 + 24 * 60 + 1), actor: SYSTEM }
        : {}),
    });
    const code = refusal(() => planCancellation(f, command));
    if (code !== null) return expect(code).toBe(expected);
    expect(planCancellation(f, command).outcome).toBe(expected);
  });
});

function approve(): CancellationCommand {
  return { kind: 'decide', requestId: 55, decision: 'approve' };
}
function reject(): CancellationCommand {
  return { kind: 'decide', requestId: 55, decision: 'reject', reason: '商品已打包' };
}
function timeout(): CancellationCommand {
  return { kind: 'decide', requestId: 55, decision: 'timeout' };
}

describe('an instant cancellation of a paid order', () => {
  const plan = planCancellation(facts('paid', { now: min(45) }), cancelAll);

  it('records the cancellation, its lines and the money, and frees the stock', () => {
    expect(plan.cancellation).toMatchObject({
      id: 500,
      kind: 'instant',
      whole: true,
      reasonCode: 'price',
      actorRole: 'shopper',
      // Outside the free window: 5% of line 12's 10,000 is kept; shipping comes back.
      goodsRefundFen: 20_000,
      feeFen: 500,
      shippingRefundFen: 800,
      refundFen: 20_300,
    });
    expect(plan.cancellationLines.map((l) => [l.orderLineId, l.quantity, l.refundFen])).toEqual([
      [11, 2, 10_000],
      [12, 2, 9_500],
    ]);
    expect(plan.lineMoves).toEqual([
      { lineId: 11, quantity: 2, refundFen: 10_000 },
      { lineId: 12, quantity: 2, refundFen: 9_500 },
    ]);
    expect(plan.stock).toEqual([
      { variantId: 111, quantity: 2, orderId: 1, orderLineId: 11 },
      { variantId: 112, quantity: 2, orderId: 1, orderLineId: 12 },
    ]);
  });

  it('owes the money back along the payment, and says so everywhere', () => {
    expect(plan.refund).toMatchObject({
      id: 600,
      cancellationId: 500,
      amountFen: 20_300,
      channel: 'alipay',
      status: 'approved',
    });
    expect(plan.refundEvents).toMatchObject([{ refundId: 600, status: 'approved' }]);
    expect(plan.order).toEqual({
      status: 'cancelled',
      cancelledAt: min(45),
      shippingRefunded: true,
      refundStatus: 'approved',
    });
    expect(plan.timeline.map((t) => t.kind)).toEqual(['refund.created', 'order.cancelled']);
    expect(plan.audit.map((a) => a.action)).toEqual(['refund.create', 'order.cancel.instant']);
    expect(plan.events.map((e) => e.topic)).toEqual(['refund.created', 'order.cancelled']);
    expect(plan.events[1]?.payload).toEqual({
      orderId: 1,
      cancellationId: 500,
      whole: true,
      kind: 'instant',
    });
  });

  it('describes the order as it will be, for the answer', () => {
    expect(plan.after.order).toMatchObject({ status: 'cancelled', refundStatus: 'approved' });
    expect(plan.after.lines.map((l) => [l.qtyCancelled, l.refundedFen])).toEqual([
      [2, 10_000],
      [2, 9_500],
    ]);
  });
});

describe('details that differ by kind', () => {
  it('cancels part of an order without touching the order row except for the refund', () => {
    const plan = planCancellation(facts('paid'), {
      kind: 'cancel',
      selection: [{ lineId: 11, quantity: 1 }],
      reasonCode: 'price',
    });
    expect(plan.cancellation).toMatchObject({ whole: false, refundFen: 5_000, feeFen: 0 });
    expect(plan.order).toEqual({ refundStatus: 'approved' });
    expect(plan.timeline.at(-1)?.kind).toBe('order.partially_cancelled');
  });

  it('cancels an unpaid order with no refund and asks the provider to void the payment', () => {
    const plan = planCancellation(facts('unpaid', { now: min(10) }), cancelAll);
    expect(plan.refund).toBeNull();
    expect(plan.cancellation).toMatchObject({ kind: 'instant', refundFen: 0 });
    expect(plan.events.map((e) => e.topic)).toEqual(['order.cancelled', 'payment.void_requested']);
  });

  it('closes an unpaid order at its deadline in the ledger, counted apart from the shopper', () => {
    const plan = planCancellation(
      facts('unpaid_past_deadline', { actor: SYSTEM, standingCount: 4 }),
      { kind: 'payment_timeout' },
    );
    expect(plan.cancellation).toMatchObject({
      kind: 'payment_timeout',
      reasonCode: 'payment_timeout',
      actorRole: 'system',
      whole: true,
      refundFen: 0,
    });
    expect(plan.voidPendingPayments).toBe(true);
    expect(plan.timeline).toMatchObject([
      { kind: 'order.cancelled', actorRole: 'system', data: { reason: 'payment_timeout' } },
    ]);
    expect(plan.audit.map((a) => a.action)).toEqual(['order.cancel.payment_timeout']);
    // No standing change, however many cancellations came before: nobody chose this one.
    expect(plan.events).toEqual([
      {
        topic: 'order.cancelled',
        payload: { orderId: 1, cancellationId: 500, whole: true, kind: 'payment_timeout' },
      },
    ]);
  });

  it('lets an agent cancel for the shopper under the same rules, naming the agent', () => {
    const plan = planCancellation(facts('paid', { actor: AGENT }), cancelAll);
    expect(plan.cancellation).toMatchObject({ kind: 'instant', actorId: 90, actorRole: 'agent' });
    expect(plan.timeline.every((t) => t.actorRole === 'agent')).toBe(true);
  });

  it('turns a late cancellation of a preparing order into a request with its SLA job', () => {
    const plan = planCancellation(facts('preparing_late'), {
      kind: 'cancel',
      selection: [{ lineId: 11, quantity: 1 }],
      reasonCode: 'other',
      reasonText: '  地址填错了  ',
    });
    const deadline = new Date(min(60).getTime() + S.requestSlaHours * 3_600_000);
    expect(plan.newRequest).toMatchObject({
      id: 700,
      status: 'pending',
      whole: false,
      selection: [{ lineId: 11, quantity: 1 }],
      reasonText: '地址填错了',
      slaDeadline: deadline,
    });
    expect(plan.cancellation).toBeNull();
    expect(plan.stock).toEqual([]);
    expect(plan.events).toEqual([
      { topic: 'cancellation.requested', payload: { orderId: 1, requestId: 700 } },
      { topic: 'cancellation.request_timeout', payload: { requestId: 700 }, runAt: deadline },
      {
        topic: 'cancellation.request_reminder',
        payload: { requestId: 700 },
        runAt: new Date(deadline.getTime() - 2 * 3_600_000),
      },
    ]);
    expect(plan.after.request?.id).toBe(700);
  });

  it('refuses a reason that needs text without it', () => {
    expect(
      refusal(() =>
        planCancellation(facts('paid'), { kind: 'cancel', selection: 'all', reasonCode: 'other' }),
      ),
    ).toBe('CANCEL_REASON_TEXT_REQUIRED');
  });

  it('approves a request as judged when it was made, with fees outside the window', () => {
    const plan = planCancellation(facts('request_pending', { actor: MERCHANT, now: min(300) }), {
      kind: 'decide',
      requestId: 55,
      decision: 'approve',
    });
    expect(plan.cancellation).toMatchObject({
      kind: 'request_approved',
      requestId: 55,
      reasonCode: 'logistics_delay',
      feeFen: 500,
    });
    expect(plan.decision).toMatchObject({ id: 55, status: 'approved', decidedRole: 'merchant' });
    expect(plan.timeline.map((t) => t.kind)).toEqual([
      'cancellation.approved',
      'refund.created',
      'order.cancelled',
    ]);
    expect(plan.audit.map((a) => a.action)).toEqual([
      'refund.create',
      'order.cancel.request_approved',
      'cancellation.approved',
    ]);
    expect(plan.events.map((e) => e.topic)).toEqual([
      'refund.created',
      'order.cancelled',
      'cancellation.decided',
    ]);
    expect(plan.after.request).toMatchObject({ status: 'approved' });
  });

  it('refuses the SLA job before the deadline and any decision after one was made', () => {
    const early = facts('request_pending', { actor: SYSTEM, now: min(100) });
    expect(refusal(() => planCancellation(early, timeout()))).toBe('CANCELLATION_REQUEST_DECIDED');
    const decided = facts('request_pending', {
      request: pendingRequest({ status: 'rejected' }),
      actor: MERCHANT,
    });
    expect(refusal(() => planCancellation(decided, approve()))).toBe(
      'CANCELLATION_REQUEST_DECIDED',
    );
  });

  it('rejects a request without cancelling anything', () => {
    const plan = planCancellation(facts('request_pending', { actor: MERCHANT }), reject());
    expect(plan).toMatchObject({
      outcome: 'rejected',
      cancellation: null,
      refund: null,
      stock: [],
      order: {},
      decision: { status: 'rejected', decisionReason: '商品已打包' },
    });
    expect(plan.events).toEqual([
      { topic: 'cancellation.decided', payload: { orderId: 1, requestId: 55, status: 'rejected' } },
    ]);
  });

  it('sends refunds to review and warns once when a cancellation crosses a standing threshold', () => {
    const warned = planCancellation(
      facts('paid', { standingCount: S.standingWarnAt - 1 }),
      cancelAll,
    );
    expect(warned.refund?.status).toBe('approved');
    expect(warned.events.at(-1)).toMatchObject({
      topic: 'account.standing_changed',
      payload: { level: 'warned', count: S.standingWarnAt },
      eventId: `standing-7-warned-${min(10).toISOString().slice(0, 10)}`,
    });
    const review = planCancellation(
      facts('paid', { standingCount: S.standingReviewAt - 1 }),
      cancelAll,
    );
    expect(review.refund).toMatchObject({ status: 'pending_review', reviewReasons: ['standing'] });
    expect(review.order.refundStatus).toBe('pending_review');
    const steady = planCancellation(
      facts('paid', { standingCount: S.standingReviewAt }),
      cancelAll,
    );
    expect(steady.events.map((e) => e.topic)).not.toContain('account.standing_changed');
  });
});

describe('an order whose product was delisted, variant deleted or price changed since', () => {
  // The plan reads only the order's own lines (a snapshot of title, variant and price at
  // purchase), never today's catalog: a gone variant is released by its id into the ledger and
  // refunded from what was paid. Line 12's variant is deleted and line 11's product delisted
  // and repriced in the catalog; nothing of that reaches the facts, and the plan is the same.
  const lines = [line(11, { unitPriceFen: 5_000 }), line(12, { variantId: 9_999 })];

  it('cancels the whole paid order with the stock of the gone variant back in the ledger', () => {
    const plan = planCancellation(facts('paid', { lines }), cancelAll);
    expect(plan.outcome).toBe('cancelled');
    expect(plan.stock).toEqual([
      { variantId: 111, quantity: 2, orderId: 1, orderLineId: 11 },
      { variantId: 9_999, quantity: 2, orderId: 1, orderLineId: 12 },
    ]);
    expect(plan.refund?.amountFen).toBe(20_800);
  });

  it('cancels one unit of the gone variant, refunding its paid share', () => {
    const plan = planCancellation(facts('paid', { lines }), {
      kind: 'cancel',
      selection: [{ lineId: 12, quantity: 1 }],
      reasonCode: 'price',
    });
    expect(plan.stock).toEqual([{ variantId: 9_999, quantity: 1, orderId: 1, orderLineId: 12 }]);
    expect(plan.lineMoves).toEqual([{ lineId: 12, quantity: 1, refundFen: 5_000 }]);
  });

  it('cancels an unpaid order of the gone variant with no refund', () => {
    const plan = planCancellation(facts('unpaid', { lines, now: min(10) }), cancelAll);
    expect(plan.refund).toBeNull();
    expect(plan.stock.map((s) => s.variantId)).toEqual([111, 9_999]);
  });
});

describe('the reminder to the shop before a request runs out', () => {
  const cancelOne: CancellationCommand = {
    kind: 'cancel',
    selection: [{ lineId: 11, quantity: 1 }],
    reasonCode: 'price',
  };
  const reminderOf = (hours: number) =>
    planCancellation(
      facts('preparing_late', { settings: { ...S, requestSlaHours: hours } }),
      cancelOne,
    ).events.find((e) => e.topic === 'cancellation.request_reminder');

  it('is due two hours before the deadline', () => {
    expect(reminderOf(24)?.runAt).toEqual(new Date(min(60).getTime() + 22 * 3_600_000));
  });

  it('is left out when the whole SLA is two hours or less', () => {
    expect(reminderOf(2)).toBeUndefined();
    expect(reminderOf(1)).toBeUndefined();
  });
});
