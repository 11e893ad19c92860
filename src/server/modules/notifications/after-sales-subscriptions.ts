import { eq } from 'drizzle-orm';
import type { NoticeTemplate } from '../../../domain/notice-templates.js';
import type { Deps } from '../../deps.js';
import type { Topic } from '../../events.js';
import { afterSalesCases, refunds } from '../../platform/db/schema/index.js';
import { composeNotices } from './compose.js';

type CaseRow = typeof afterSalesCases.$inferSelect;

/** Which notice each after-sales step sends; the shopper's own return shipment sends none. */
const STEPS = {
  'after_sales.requested': () => 'after_sales_requested',
  'after_sales.approved': (c) =>
    c.kind === 'return_refund' ? 'after_sales_return_approved' : 'after_sales_approved',
  'after_sales.rejected': () => 'after_sales_rejected',
  'after_sales.completed': () => 'after_sales_completed',
} satisfies Partial<Record<Topic, (c: CaseRow) => NoticeTemplate>>;

/** Tells the shopper how their 售后 case moves: received, approved, declined, done. */
export function registerAfterSalesNoticeSubscriptions(deps: Deps): void {
  const { db } = deps.database;
  for (const topic of Object.keys(STEPS) as (keyof typeof STEPS)[]) {
    const templateOf: (c: CaseRow) => NoticeTemplate = STEPS[topic];
    deps.outbox.subscribe(topic, `notices.${topic}`, async (e) => {
      const { caseId } = e.payload;
      const [c] = await db.select().from(afterSalesCases).where(eq(afterSalesCases.id, caseId));
      if (!c) return;
      const [refund] = c.refundId
        ? await db.select().from(refunds).where(eq(refunds.id, c.refundId))
        : [];
      await composeNotices(deps, {
        sourceEvent: e.eventId,
        template: templateOf(c),
        orderId: c.orderId,
        path: refund ? `/refunds/${refund.id}` : undefined,
        facts: {
          ...(refund ? { amountFen: refund.amountFen } : {}),
          ...(c.decisionReason ? { reason: c.decisionReason } : {}),
        },
      });
    });
  }
}
