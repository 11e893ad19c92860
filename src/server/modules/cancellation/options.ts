import { describeStanding, standingAfterOneMore } from '../../../domain/account-standing.js';
import {
  assessCancellation,
  CANCEL_BLOCK_TEXT,
  checkSelection,
  feesApply,
  PARTIAL_BLOCK_TEXT,
  resolveSelection,
  type SelectionItem,
} from '../../../domain/cancellation-rules.js';
import { couponOutcomes } from '../../../domain/coupon-return.js';
import { DomainError } from '../../../domain/errors.js';
import { planCancellationRefund, type RefundChannel } from '../../../domain/refund-calculation.js';
import { expectedArrival } from '../../../domain/refund-eta.js';
import { needsReview } from '../../../domain/refund-review.js';
import type { AfterSalesPolicy } from '../../../domain/after-sales-policy.js';
import type { CancellationOptions } from '../../../contracts/cancellation.js';
import type { Db } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { lockOrder, type OrderScope } from '../orders/lock.js';
import { couponFateViews, loadCouponUses } from '../coupons/returns.js';
import { cancellationSettings } from '../settings/service.js';
import { toCancellableOrder } from '../../../domain/cancellation-plan.js';
import { pendingRequestOf } from './load.js';
import { recentCancellations } from './standing.js';

/**
 * What the cancel dialog shows: whether and how the order can be cancelled (and why not), the
 * reasons, the refund preview for the chosen units — computed by the same pure function that
 * the cancellation itself uses — and the shopper's standing.
 */
export async function cancellationOptions(
  db: Db,
  orderNo: string,
  scope: OrderScope,
  selection: SelectionItem[] | 'all',
  now: Date,
): Promise<CancellationOptions> {
  // Read in one snapshot; the plain SELECT … FOR SHARE would block writers, so no locks here.
  return withTx(db, async (tx) => {
    const { order, lines } = await lockOrder(tx, { orderNo }, scope, { lock: false });
    const pending = await pendingRequestOf(tx, order.id);
    const cancellable = toCancellableOrder(order, lines, pending !== undefined);
    const settings = await cancellationSettings(tx);
    const assessment = assessCancellation(cancellable, settings, now);
    const count = await recentCancellations(tx, order.shopperId, settings, now);
    const standing = standingAfterOneMore(count, settings);

    let preview: CancellationOptions['preview'] = null;
    if (assessment.mode !== null) {
      const problem = checkSelection(cancellable, assessment, selection);
      if (problem) throw new DomainError(problem);
      const chosen = resolveSelection(cancellable, assessment, selection);
      const plan = planCancellationRefund(cancellable, chosen, {
        chargeFees: feesApply(cancellable, assessment),
      });
      const channel = (order.paymentChannel as RefundChannel | null) ?? null;
      const eta = channel && plan.totalFen > 0 ? expectedArrival(channel, now) : null;
      const review = needsReview(
        {
          totalFen: plan.totalFen,
          standing: standing.after,
          lines: lines
            .filter((l) => chosen.some((c) => c.lineId === l.id))
            .map((l) => ({ policy: l.policy as AfterSalesPolicy })),
        },
        settings,
      );
      // The coupon's fate as the cancellation would decide it: whole order (no unit left to ship
      // and none shipped) or not.
      const whole = lines.every(
        (l) =>
          l.qtyShipped === 0 &&
          l.qtyCancelled +
            chosen.filter((c) => c.lineId === l.id).reduce((n, c) => n + c.quantity, 0) ===
            l.qtyOrdered,
      );
      const uses =
        order.shopCouponFen + order.platformCouponFen > 0
          ? await loadCouponUses(tx, order.id, { lock: false })
          : [];
      preview = {
        coupons: couponFateViews(couponOutcomes(uses, whole, now), uses),
        lines: plan.lines,
        goodsRefundFen: plan.goodsRefundFen,
        feeFen: plan.feeFen,
        shippingRefundFen: plan.shippingRefundFen,
        totalFen: plan.totalFen,
        channel,
        expected: eta
          ? {
              earliest: eta.earliest.toISOString(),
              latest: eta.latest.toISOString(),
              text: eta.text,
            }
          : null,
        review: plan.totalFen > 0 && review.review,
      };
    }
    return {
      mode: assessment.mode,
      blockedBy: assessment.blockedBy,
      blockedText: assessment.blockedBy ? CANCEL_BLOCK_TEXT[assessment.blockedBy] : null,
      withinFreeWindow: assessment.withinFreeWindow,
      partialAllowed: assessment.partialAllowed,
      partialBlockedBy: assessment.partialBlockedBy,
      partialBlockedText: assessment.partialBlockedBy
        ? PARTIAL_BLOCK_TEXT[assessment.partialBlockedBy]
        : null,
      requestSlaHours: settings.requestSlaHours,
      lines: lines.map((l) => ({
        lineId: l.id,
        remaining: l.qtyOrdered - l.qtyCancelled - l.qtyShipped,
        cancellable: assessment.cancellableLineIds.includes(l.id),
      })),
      reasons: settings.reasons,
      preview,
      standing: {
        count,
        level: standing.before.level,
        crosses: standing.crosses,
        text: describeStanding(standing.after, settings),
      },
    };
  });
}
