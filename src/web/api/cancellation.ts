// 取消订单 / 申请取消 (options, refund preview, cancel), 再次购买, the merchant's queue of
// requests and the operator's cancellation settings.
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  BuyAgainResponse,
  CancellationOptions,
  CancelResponse,
  cancellationSettingsView,
  merchantRequestQueueItem,
  standingResponse,
} from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type CancelSelection = 'all' | { lineId: number; quantity: number }[];
export type MerchantCancellationRequest = z.infer<typeof merchantRequestQueueItem>;
export type CancellationSettings = z.infer<typeof cancellationSettingsView>;
export type Standing = z.infer<typeof standingResponse>;

/** `lines=12:1,13:2` for the chosen units, '' for the whole order. */
export function linesParam(selection: CancelSelection): string {
  if (selection === 'all') return '';
  return selection.map((s) => `${s.lineId}:${s.quantity}`).join(',');
}

export function useCancellationOptions(orderNo: string, lines: string, enabled = true) {
  return useQuery({
    queryKey: qk.cancellation(orderNo, lines),
    queryFn: ({ signal }) =>
      api<CancellationOptions>(`/orders/${orderNo}/cancellation`, {
        query: { lines: lines || undefined },
        signal,
      }),
    enabled,
    // The dialog keeps showing the last preview while the next one loads.
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

/** Everything a cancellation changes: the order everywhere, its options, refunds, standing. */
function invalidateOrder(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: qk.ordersRoot }),
    client.invalidateQueries({ queryKey: qk.cancellationRoot }),
    client.invalidateQueries({ queryKey: qk.refundsRoot }),
    client.invalidateQueries({ queryKey: qk.standing }),
  ]);
}

/** The shopper's cancellation standing: count in the window, level, thresholds, sentence. */
export function useStanding() {
  return useQuery({
    queryKey: qk.standing,
    queryFn: ({ signal }) => api<Standing>('/me/standing', { signal }),
  });
}

export function useCancelOrder(orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      body,
      key,
    }: {
      body: { selection: CancelSelection; reasonCode: string; reasonText?: string };
      key: string;
    }) =>
      api<CancelResponse>(`/orders/${orderNo}/cancellation`, {
        method: 'POST',
        body,
        idempotencyKey: key,
      }),
    onSuccess: (res) => {
      // The new state at once, then a refetch of every list and count.
      client.setQueryData(qk.order(orderNo), res.order);
    },
    onSettled: () => invalidateOrder(client),
  });
}

export function useBuyAgain(orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<BuyAgainResponse>(`/orders/${orderNo}/buy-again`, { method: 'POST' }),
    onSuccess: (res) => client.setQueryData(qk.cart, res.cart),
    onSettled: () => client.invalidateQueries({ queryKey: qk.cart }),
  });
}

export function useMerchantCancellationRequests(enabled = true) {
  return useQuery({
    queryKey: qk.merchantCancellationRequests,
    queryFn: ({ signal }) =>
      api<{ items: MerchantCancellationRequest[] }>('/merchant/cancellation-requests', {
        signal,
      }),
    enabled,
    refetchInterval: 60_000,
  });
}

export function useDecideCancellation() {
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
      api<CancelResponse>(`/merchant/cancellation-requests/${id}/decision`, {
        method: 'POST',
        body: { decision, reason },
      }),
    // An approval may start a refund that waits in 退款审核.
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: qk.merchantRoot }),
        client.invalidateQueries({ queryKey: qk.staffRefundsRoot }),
      ]),
  });
}

export function useCancellationSettings() {
  return useQuery({
    queryKey: qk.cancellationSettings,
    queryFn: ({ signal }) => api<CancellationSettings>('/ops/settings/cancellation', { signal }),
  });
}

export function useSaveCancellationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<CancellationSettings>) =>
      api<CancellationSettings>('/ops/settings/cancellation', { method: 'PUT', body }),
    onSuccess: (res) => client.setQueryData(qk.cancellationSettings, res),
  });
}
