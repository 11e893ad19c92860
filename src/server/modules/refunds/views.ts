import { asc, inArray } from 'drizzle-orm';
import type { RefundDetail } from '../../../contracts/refunds.js';
import type { Executor } from '../../platform/db/client.js';
import { orders, refundEvents, refundQueries } from '../../platform/db/schema/index.js';
import type { RefundRow } from './create.js';

function maskAccount(no: string): string {
  return `${'*'.repeat(Math.max(0, no.length - 4))}${no.slice(-4)}`;
}

function destinationView(d: unknown): RefundDetail['destination'] {
  const dest = d as {
    type?: string;
    accountRef?: string;
    bank?: string;
    accountNo?: string;
  } | null;
  if (dest?.type === 'balance') return { type: 'balance', accountRef: dest.accountRef ?? '' };
  if (dest?.type === 'bank_account')
    return {
      type: 'bank_account',
      bank: dest.bank ?? '',
      accountNo: maskAccount(dest.accountNo ?? ''),
    };
  return { type: 'original' };
}

/** Refund details with their timelines and 催一下 records, in three queries for any number. */
export async function refundDetails(
  db: Executor,
  rows: RefundRow[],
  now: Date,
): Promise<RefundDetail[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [events, queries, orderRows] = await Promise.all([
    db
      .select()
      .from(refundEvents)
      .where(inArray(refundEvents.refundId, ids))
      .orderBy(asc(refundEvents.id)),
    db
      .select()
      .from(refundQueries)
      .where(inArray(refundQueries.refundId, ids))
      .orderBy(asc(refundQueries.id)),
    db
      .select({ id: orders.id, orderNo: orders.orderNo })
      .from(orders)
      .where(inArray(orders.id, [...new Set(rows.map((r) => r.orderId))])),
  ]);
  return rows.map((r) => ({
    id: r.id,
    orderNo: orderRows.find((o) => o.id === r.orderId)?.orderNo ?? '',
    amountFen: r.amountFen,
    channel: r.channel,
    destination: destinationView(r.destination),
    status: r.status,
    source: r.source,
    reasonCode: r.reasonCode,
    note: r.note,
    offlineMethod: r.offlineMethod,
    offlineReference: r.offlineReference,
    paidByStaff: r.payout === 'staff',
    failureReason: r.failureReason,
    expectedEarliest: r.expectedEarliest.toISOString(),
    expectedLatest: r.expectedLatest.toISOString(),
    overdue: r.status !== 'succeeded' && r.status !== 'rejected' && now > r.expectedLatest,
    arrivedAt: r.arrivedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    reviewReasons: (r.reviewReasons as string[] | null) ?? [],
    origin: r.origin,
    evidenceRequest: r.evidenceRequestedAt
      ? { at: r.evidenceRequestedAt.toISOString(), note: r.evidenceRequestNote ?? '' }
      : null,
    timeline: events
      .filter((e) => e.refundId === r.id)
      .map((e) => ({
        status: e.status,
        at: e.createdAt.toISOString(),
        actorRole: e.actorRole,
        reason: e.reason,
      })),
    queries: queries
      .filter((q) => q.refundId === r.id)
      .map((q) => ({
        at: q.createdAt.toISOString(),
        actorRole: q.actorRole,
        providerStatus: q.providerStatus,
      })),
  }));
}

export async function refundDetail(db: Executor, row: RefundRow, now: Date): Promise<RefundDetail> {
  const [d] = await refundDetails(db, [row], now);
  if (!d) throw new Error('unreachable');
  return d;
}
