import type { CancellationRequestView, RefundView } from '../../../contracts/cancellation.js';
import type { RequestRow } from './load.js';
import type { RefundRow } from './apply.js';

export function requestView(r: RequestRow): CancellationRequestView {
  return {
    id: r.id,
    status: r.status,
    whole: r.whole,
    selection: r.selection as CancellationRequestView['selection'],
    reasonCode: r.reasonCode,
    reasonText: r.reasonText,
    requestedAt: r.requestedAt.toISOString(),
    slaDeadline: r.slaDeadline.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionReason: r.decisionReason,
  };
}

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
