// Refunds by amount, not by units (issue 17, items 2 and 3), as one pure function from what was
// loaded under the order's lock to the rows to write:
//
//   command           who                           refund
//   price_protection  the shopper (价保)             per line: paid for the units still held −
//                                                   today's price of the same variant × those
//                                                   units − 价保 already given on the line
//   goodwill          merchant, agent, operator     an amount, with a reason from GOODWILL_REASONS
//                     (补偿)
//   offline           operator (线下退款)            an amount returned outside the provider
//                                                   (cash, bank transfer): recorded as paid
//
// Every one is capped at what the order can still refund, line by line: a line's room is its
// paid amount minus everything refunded on it (refunded_fen). The refund is spread over the
// lines' room and raises their refunded_fen, so a later cancellation or after-sales refund of
// those units pays only what is left (refund-calculation.ts) and the sum of all refunds never
// exceeds what was paid. Shipping stays with the cancellation that refunds it.

import type { Actor, AuditRecord, TimelineRecord } from './change-records.js';
import { DomainError } from './errors.js';
import { assertFen, prorate, type Fen } from './money.js';
import { linePaidFen, paidShareOf, type RefundChannel } from './refund-calculation.js';
import {
  newRefund,
  type OfflineRefundMethod,
  type RefundEventRecord,
  type RefundRecord,
} from './refund-record.js';

/** 补偿 reasons, in display order (a fixed list: reports group by them). */
export const GOODWILL_REASONS = [
  { code: 'late_delivery', zh: '发货或物流延误', en: 'Late dispatch or delivery' },
  { code: 'quality', zh: '商品质量问题', en: 'Quality problem' },
  { code: 'wrong_or_missing', zh: '错发或漏发', en: 'Wrong or missing item' },
  { code: 'service', zh: '服务体验不佳', en: 'Poor service' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const;
export type GoodwillReason = (typeof GOODWILL_REASONS)[number]['code'];

export const OFFLINE_REFUND_METHODS = [
  { code: 'cash', zh: '现金', en: 'Cash' },
  { code: 'bank_transfer', zh: '银行转账', en: 'Bank transfer' },
] as const satisfies readonly { code: OfflineRefundMethod; zh: string; en: string }[];

export interface StaffRefundSettings {
  /** 价保 may be asked for this many days after payment. */
  priceProtectionDays: number;
  /** 价保 and 补偿 strictly above this go to 退款审核. */
  staffRefundReviewAmountFen: number;
}

export interface StaffRefundOrder {
  id: number;
  shopperId: number;
  shopId: number;
  status: string;
  paidAt: Date | null;
  paidFen: number;
  paymentChannel: string | null;
}

export interface StaffRefundLine {
  id: number;
  variantId: number;
  title: string;
  titleEn: string;
  qtyOrdered: number;
  qtyCancelled: number;
  qtyAfterSales: number;
  unitPriceFen: number;
  discountFen: number;
  refundedFen: number;
  priceProtectedFen: number;
}

export type StaffRefundCommand =
  | { kind: 'price_protection' }
  | { kind: 'goodwill'; amountFen: number; reasonCode: string; note: string | null }
  | {
      kind: 'offline';
      amountFen: number;
      method: OfflineRefundMethod;
      reference: string;
      note: string | null;
    };

export interface StaffRefundFacts<L extends StaffRefundLine> {
  order: StaffRefundOrder;
  /** Ascending id. */
  lines: readonly L[];
  /** Today's unit price of each line's variant; absent when the variant is deleted. */
  currentPrices: ReadonlyMap<number, number>;
  settings: StaffRefundSettings;
  refundId: number;
  actor: Actor;
  now: Date;
}

export interface StaffRefundLineMove {
  lineId: number;
  refundFen: Fen;
  /** Of refundFen, the part given as 价保. */
  priceProtectedFen: Fen;
}

export interface StaffRefundPlan<L extends StaffRefundLine> {
  refund: RefundRecord;
  refundEvent: RefundEventRecord;
  lineMoves: StaffRefundLineMove[];
  timeline: TimelineRecord[];
  audit: AuditRecord[];
  /** refund.created only for money the worker pays out; the shopper's notice for every kind. */
  events: (
    | { topic: 'refund.created'; payload: { refundId: number } }
    | { topic: 'refund.staff_issued'; payload: { refundId: number; orderId: number } }
  )[];
  /** The order's 退款售后 summary. */
  refundStatus: RefundRecord['status'];
  after: { lines: L[] };
}

const DAY_MS = 86_400_000;

/** What a line can still refund: its paid amount minus everything refunded on it. */
export function lineRoomFen(line: StaffRefundLine): Fen {
  return Math.max(0, linePaidFen(line) - line.refundedFen);
}

/** Σ line room: the most any refund by amount may be. */
export function refundableFen(lines: readonly StaffRefundLine[]): Fen {
  return lines.reduce((n, l) => n + lineRoomFen(l), 0);
}

/** Units neither cancelled nor refunded through after-sales. */
export function heldUnits(line: StaffRefundLine): number {
  return line.qtyOrdered - line.qtyCancelled - line.qtyAfterSales;
}

/** The last day 价保 may be asked for, or null when the order was not paid. */
export function priceProtectionDeadline(
  order: Pick<StaffRefundOrder, 'paidAt'>,
  settings: StaffRefundSettings,
): Date | null {
  return order.paidAt && new Date(order.paidAt.getTime() + settings.priceProtectionDays * DAY_MS);
}

export interface PriceProtectionLine {
  lineId: number;
  units: number;
  /** What the held units were paid, after their discount share. */
  paidFen: Fen;
  /** Today's price × units; null when the variant is gone. */
  currentFen: Fen | null;
  /** Owed on this line now (capped at the line's room), 0 when nothing. */
  dueFen: Fen;
  /** Why the line owes what it does, for the shopper's dialog to say in words. */
  reason: PriceProtectionLineReason;
}

/**
 * due: a difference is owed; none_held: every unit cancelled or returned; item_gone: the variant
 * was deleted, so there is no price today; price_not_lower: today's price is not below what was
 * paid; already_protected: the difference at today's price was given as 价保 already; refunded:
 * the line's money went back by other refunds.
 */
export type PriceProtectionLineReason =
  'due' | 'none_held' | 'item_gone' | 'price_not_lower' | 'already_protected' | 'refunded';

function lineReason(
  units: number,
  paidFen: Fen,
  currentFen: Fen | null,
  owedFen: number,
  dueFen: Fen,
): PriceProtectionLineReason {
  if (dueFen > 0) return 'due';
  if (units === 0) return 'none_held';
  if (currentFen === null) return 'item_gone';
  if (currentFen >= paidFen) return 'price_not_lower';
  return owedFen <= 0 ? 'already_protected' : 'refunded';
}

/**
 * 价保 per line. The held units are the last ones of the line (cancellations and after-sales
 * take the first, as refund-calculation.ts counts them), so their paid amount is
 * linePaid − paidShareOf(cancelled + after-sales). Whatever 价保 the line already received is
 * deducted, so asking twice at the same price gives nothing the second time, and a further
 * drop gives only the new difference.
 */
export function priceProtectionLines(
  lines: readonly StaffRefundLine[],
  currentPrices: ReadonlyMap<number, number>,
): PriceProtectionLine[] {
  return lines.map((l) => {
    const units = heldUnits(l);
    const paidFen = linePaidFen(l) - paidShareOf(l, l.qtyOrdered - units);
    const price = currentPrices.get(l.variantId);
    const currentFen = price === undefined ? null : assertFen(price) * units;
    const owed =
      currentFen === null || units === 0 ? 0 : paidFen - currentFen - l.priceProtectedFen;
    const dueFen = Math.max(0, Math.min(owed, lineRoomFen(l)));
    return {
      lineId: l.id,
      units,
      paidFen,
      currentFen,
      dueFen,
      reason: lineReason(units, paidFen, currentFen, owed, dueFen),
    };
  });
}

/** Refusals common to every kind: the order must have been paid and have room left. */
function checkPaid(order: StaffRefundOrder): void {
  if (order.paidAt === null || order.status === 'pending_payment' || order.paidFen <= 0)
    throw new DomainError('REFUND_NOTHING_LEFT');
}

/**
 * An amount over the lines' room, by largest remainder of each line's room: the parts sum to
 * the amount and none exceeds its line's room.
 */
function spread(lines: readonly StaffRefundLine[], amountFen: Fen): Fen[] {
  const rooms = lines.map(lineRoomFen);
  const parts = prorate(amountFen, rooms);
  // prorate gives no unit to a zero weight; with amount ≤ Σ rooms no part exceeds its room.
  return parts;
}

export interface PriceProtectionQuote {
  /** Null when 价保 may be asked for; else why not. */
  refusal:
    'PRICE_PROTECTION_EXPIRED' | 'PRICE_PROTECTION_NOTHING_DUE' | 'REFUND_NOTHING_LEFT' | null;
  deadline: Date | null;
  lines: PriceProtectionLine[];
  amountFen: Fen;
  /** Goes to 退款审核 first. */
  review: boolean;
}

/** What 申请价保 would give now: the same numbers the plan uses, for the shopper to confirm. */
export function quotePriceProtection(
  facts: Omit<StaffRefundFacts<StaffRefundLine>, 'refundId' | 'actor'>,
): PriceProtectionQuote {
  const { order, settings, now } = facts;
  const deadline = priceProtectionDeadline(order, settings);
  const lines = priceProtectionLines(facts.lines, facts.currentPrices);
  const amountFen = lines.reduce((n, l) => n + l.dueFen, 0);
  const unpaid = order.paidAt === null || order.status === 'pending_payment' || order.paidFen <= 0;
  const refusal = unpaid
    ? 'REFUND_NOTHING_LEFT'
    : deadline !== null && now > deadline
      ? 'PRICE_PROTECTION_EXPIRED'
      : order.status === 'cancelled' || amountFen === 0
        ? 'PRICE_PROTECTION_NOTHING_DUE'
        : null;
  return {
    refusal,
    deadline,
    lines,
    amountFen,
    review: amountFen > settings.staffRefundReviewAmountFen,
  };
}

function isGoodwillReason(code: string): code is GoodwillReason {
  return GOODWILL_REASONS.some((r) => r.code === code);
}

/**
 * The whole change of a 价保, 补偿 or 线下退款: refusals throw DomainError; otherwise the refund
 * row (待审核 / 已批准, or 已到账 for money already returned offline), how much each line's
 * refunded_fen (and 价保 total) rises, timeline, audit and events.
 */
export function planStaffRefund<L extends StaffRefundLine>(
  facts: StaffRefundFacts<L>,
  command: StaffRefundCommand,
): StaffRefundPlan<L> {
  const { order, lines, settings, actor, now } = facts;
  checkPaid(order);
  const room = refundableFen(lines);

  let parts: Fen[];
  let protectedParts: Fen[];
  if (command.kind === 'price_protection') {
    const quote = quotePriceProtection(facts);
    if (quote.refusal) throw new DomainError(quote.refusal);
    parts = quote.lines.map((l) => l.dueFen);
    protectedParts = parts;
  } else {
    if (command.kind === 'goodwill' && !isGoodwillReason(command.reasonCode))
      throw new DomainError('GOODWILL_REASON_INVALID');
    if (!Number.isSafeInteger(command.amountFen) || command.amountFen <= 0)
      throw new DomainError('VALIDATION_FAILED', { field: 'amountFen' });
    if (room === 0) throw new DomainError('REFUND_NOTHING_LEFT');
    if (command.amountFen > room)
      throw new DomainError('REFUND_AMOUNT_TOO_HIGH', { refundableFen: room });
    parts = spread(lines, command.amountFen);
    protectedParts = parts.map(() => 0);
  }
  const amountFen = parts.reduce((n, p) => n + p, 0);

  const offline = command.kind === 'offline';
  const review = !offline && amountFen > settings.staffRefundReviewAmountFen;
  const made = newRefund({
    id: facts.refundId,
    orderId: order.id,
    shopperId: order.shopperId,
    shopId: order.shopId,
    cancellationId: null,
    amountFen,
    channel: (order.paymentChannel ?? 'balance') as RefundChannel,
    review: { review, reasons: review ? ['amount'] : [] },
    actor,
    now,
  });
  const refund: RefundRecord = {
    ...made.refund,
    status: offline ? 'succeeded' : made.refund.status,
    source: command.kind,
    reasonCode: command.kind === 'goodwill' ? command.reasonCode : null,
    note: command.kind === 'price_protection' ? null : command.note,
    offlineMethod: offline ? command.method : null,
    offlineReference: offline ? command.reference : null,
  };
  const detail = {
    source: command.kind,
    ...(command.kind === 'goodwill' ? { reasonCode: command.reasonCode } : {}),
    ...(command.kind === 'offline' ? { method: command.method, reference: command.reference } : {}),
    ...(command.kind !== 'price_protection' && command.note ? { note: command.note } : {}),
  };
  const lineMoves = lines
    .map((l, i) => ({
      lineId: l.id,
      refundFen: parts[i] ?? 0,
      priceProtectedFen: protectedParts[i] ?? 0,
    }))
    .filter((m) => m.refundFen > 0);

  const timeline: TimelineRecord = {
    ...made.timeline,
    data: { ...made.timeline.data, status: refund.status, ...detail },
  };
  const audit: AuditRecord = {
    ...made.audit,
    action: `refund.create.${command.kind}`,
    after: {
      ...(made.audit.after as Record<string, unknown>),
      status: refund.status,
      ...detail,
      lines: lineMoves,
    },
  };
  return {
    refund,
    refundEvent: {
      ...made.event,
      status: refund.status,
      reason: offline ? 'offline' : made.event.reason,
    },
    lineMoves,
    timeline: [timeline],
    audit: [audit],
    events: [
      ...(offline ? [] : [{ topic: 'refund.created' as const, payload: { refundId: refund.id } }]),
      { topic: 'refund.staff_issued', payload: { refundId: refund.id, orderId: order.id } },
    ],
    refundStatus: refund.status,
    after: {
      lines: lines.map((l) => {
        const m = lineMoves.find((x) => x.lineId === l.id);
        return m
          ? {
              ...l,
              refundedFen: l.refundedFen + m.refundFen,
              priceProtectedFen: l.priceProtectedFen + m.priceProtectedFen,
            }
          : l;
      }),
    },
  };
}
