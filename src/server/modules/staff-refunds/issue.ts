import { ERRORS } from '../../../domain/errors.js';
import {
  planStaffRefund,
  quotePriceProtection,
  refundableFen,
  type StaffRefundCommand,
} from '../../../domain/staff-refund-plan.js';
import type { PriceProtectionQuote } from '../../../contracts/staff-refunds.js';
import type { Executor } from '../../platform/db/client.js';
import type { ActionContext } from '../orders/fulfilment.js';
import type { OrderScope } from '../orders/lock.js';
import type { RefundRow } from '../refunds/create.js';
import { loadStaffRefund } from './load.js';
import { persistStaffRefund, staffRefundRow } from './persist.js';

/**
 * 价保, 补偿 or 线下退款 on one order, in the caller's transaction: load (order and lines locked,
 * today's prices, settings, the refund's id) → plan (domain/staff-refund-plan.ts) → persist
 * (one statement). A refusal throws DomainError and the transaction rolls back.
 */
export async function issueStaffRefund(
  ctx: ActionContext,
  orderNo: string,
  scope: OrderScope,
  command: StaffRefundCommand,
): Promise<RefundRow> {
  const loaded = await loadStaffRefund(ctx.tx, orderNo, scope, ctx.actor, ctx.now, {
    lock: true,
  });
  const plan = planStaffRefund(loaded.facts, command);
  await persistStaffRefund(ctx.tx, ctx.outbox, plan, ctx.requestId);
  return staffRefundRow(plan);
}

/** 申请价保's preview: the same computation as the refund, without locking or writing. */
export async function priceProtectionPreview(
  db: Executor,
  orderNo: string,
  shopperId: number,
  locale: 'zh-CN' | 'en',
  now: Date,
): Promise<PriceProtectionQuote> {
  const { facts } = await loadStaffRefund(
    db,
    orderNo,
    { shopperId },
    { id: shopperId, role: 'shopper' },
    now,
    { lock: false },
  );
  const q = quotePriceProtection(facts);
  return {
    available: q.refusal === null,
    refusal: q.refusal && {
      code: q.refusal,
      message: locale === 'en' ? ERRORS[q.refusal].en : ERRORS[q.refusal].zh,
    },
    deadline: q.deadline?.toISOString() ?? null,
    amountFen: q.amountFen,
    review: q.review,
    lines: q.lines.map((l) => {
      const line = facts.lines.find((x) => x.id === l.lineId);
      return { ...l, title: line?.title ?? '', titleEn: line?.titleEn ?? '' };
    }),
  };
}

/** What staff see before a 补偿 or 线下退款: how much is left to refund on the order. */
export async function staffRefundOptions(
  db: Executor,
  orderNo: string,
  scope: OrderScope,
  actor: { id: number; role: string },
  now: Date,
): Promise<{ refundableFen: number; reviewAboveFen: number }> {
  const { facts } = await loadStaffRefund(db, orderNo, scope, actor, now, { lock: false });
  const paid = facts.order.paidAt !== null && facts.order.status !== 'pending_payment';
  return {
    refundableFen: paid ? refundableFen(facts.lines) : 0,
    reviewAboveFen: facts.settings.staffRefundReviewAmountFen,
  };
}
