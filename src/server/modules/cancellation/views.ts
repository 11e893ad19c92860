export { requestView } from '../orders/views.js';
import type { RefundView } from '../../../contracts/cancellation.js';
import type { RefundRow } from '../refunds/create.js';

export function refundView(r: RefundRow): RefundView {
  return {
    id: r.id,
    amountFen: r.amountFen,
    channel: r.channel,
    status: r.status,
    expectedEarliest: r.expectedEarliest.toISOString(),
    expectedLatest: r.expectedLatest.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}
