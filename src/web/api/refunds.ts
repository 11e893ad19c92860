// Refunds: the shopper's list and detail, 催一下 and a new destination after a failure; the
// staff's 退款审核 queue (operators for the platform, merchants for their shop).
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { RefundDetail } from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type RefundStatus = RefundDetail['status'];
export type StaffRefundTab = 'pending_review' | 'failed' | 'processing' | 'approved';
/** Who reviews: operators under /ops, merchants under /merchant (their shop only). */
export type RefundReviewer = 'ops' | 'merchant';

export type NewDestination =
  { type: 'balance' } | { type: 'bank_account'; bank: string; accountNo: string };

/** Statuses that still change by themselves (the provider or the worker moves them). */
export function refundInFlight(status: RefundStatus): boolean {
  return status === 'approved' || status === 'processing';
}

/** Refetch while money is moving: demo refunds settle within seconds to a minute or two. */
const pollWhileMoving = (items: RefundDetail[] | undefined) =>
  items?.some((r) => refundInFlight(r.status)) ? 5_000 : false;

/** The shopper's refunds, newest first: of one order, or all of them (orderNo ''). */
export function useRefunds(orderNo: string, enabled = true) {
  return useQuery({
    queryKey: qk.refunds(orderNo),
    queryFn: ({ signal }) =>
      api<{ items: RefundDetail[] }>('/refunds', {
        query: { orderNo: orderNo || undefined },
        signal,
      }),
    enabled,
    refetchInterval: (q) => pollWhileMoving(q.state.data?.items),
  });
}

export function useRefund(id: number) {
  return useQuery({
    queryKey: qk.refund(id),
    queryFn: ({ signal }) => api<RefundDetail>(`/refunds/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
    // The page follows the refund by itself until it is final: moving money every 5 s, a
    // refund waiting for a reviewer every 10 s (a failed one waits for the shopper).
    refetchInterval: (q) =>
      q.state.data?.status === 'pending_review'
        ? 10_000
        : pollWhileMoving(q.state.data ? [q.state.data] : undefined),
  });
}

/** A refund changed: its page at once, then the lists and its order (timeline, 退款售后). */
function refundChanged(client: QueryClient, detail: RefundDetail) {
  client.setQueryData(qk.refund(detail.id), detail);
  void client.invalidateQueries({ queryKey: qk.refundsRoot });
  void client.invalidateQueries({ queryKey: qk.ordersRoot });
}

/** 催一下: the server asks the payment provider now and answers with the refund as it stands. */
export function useNudgeRefund(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<RefundDetail>(`/refunds/${id}/nudge`, { method: 'POST' }),
    onSuccess: (detail) => refundChanged(client, detail),
  });
}

/** 更换退款账户 after a failure, confirmed with the login password; the refund goes back to review. */
export function useChangeRefundDestination(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { destination: NewDestination; password: string }) =>
      api<RefundDetail>(`/refunds/${id}/destination`, { method: 'POST', body }),
    onSuccess: (detail) => refundChanged(client, detail),
  });
}

export function useStaffRefunds(reviewer: RefundReviewer, status: StaffRefundTab, enabled = true) {
  return useQuery({
    queryKey: qk.staffRefunds(reviewer, status),
    queryFn: ({ signal }) =>
      api<{ items: RefundDetail[] }>(`/${reviewer}/refunds`, { query: { status }, signal }),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useDecideRefund(reviewer: RefundReviewer) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      decision,
      reason,
    }: {
      id: number;
      decision: 'approve' | 'reject';
      reason?: string;
    }) =>
      api<RefundDetail>(`/${reviewer}/refunds/${id}/decision`, {
        method: 'POST',
        body: { decision, reason },
      }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: qk.staffRefundsRoot }),
        client.invalidateQueries({ queryKey: qk.merchantRoot }),
      ]),
  });
}

/** 记录打款 (operators): the transfer staff made for a refund the channel could not pay. */
export function useRecordStaffPayout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      reference,
      note,
      key,
    }: {
      id: number;
      reference: string;
      note?: string;
      key: string;
    }) =>
      api<RefundDetail>(`/ops/refunds/${id}/staff-payout`, {
        method: 'POST',
        body: { reference, ...(note ? { note } : {}) },
        idempotencyKey: key,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.staffRefundsRoot }),
  });
}
