// 售后 (after-sales) for shipped and delivered orders: the shopper's options, request, cases and
// return shipment; the merchant's queue, decision and 确认收货.
import {
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type { AfterSalesCaseView, afterSalesOptions, OrderDetail } from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type AfterSalesCase = AfterSalesCaseView;
export type AfterSalesOptions = z.infer<typeof afterSalesOptions>;
export type AfterSalesKind = AfterSalesCase['kind'];
export type AfterSalesStatus = AfterSalesCase['status'];
export type AfterSalesSelection = 'all' | { lineId: number; quantity: number }[];

/** Cases still moving (the shopper or the merchant has something to do). */
export const OPEN_AFTER_SALES: readonly AfterSalesStatus[] = [
  'pending_review',
  'awaiting_return',
  'returned',
];

export function useAfterSalesOptions(orderNo: string, enabled = true) {
  return useQuery({
    queryKey: qk.afterSalesOptions(orderNo),
    queryFn: ({ signal }) => api<AfterSalesOptions>(`/orders/${orderNo}/after-sales`, { signal }),
    enabled: enabled && orderNo !== '',
  });
}

/** The shopper's cases, newest first (the latest 50). */
export function useMyAfterSales(enabled = true) {
  return useQuery({
    queryKey: qk.afterSalesMine,
    queryFn: ({ signal }) => api<{ items: AfterSalesCase[] }>('/after-sales', { signal }),
    enabled,
    // The merchant decides elsewhere: look again now and then while a case is open.
    refetchInterval: (q) =>
      q.state.data?.items.some((c) => OPEN_AFTER_SALES.includes(c.status)) ? 30_000 : false,
  });
}

/** A case changed: its lists, the order (timeline, refunds) and the order's options. */
function afterSalesChanged(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: qk.afterSalesRoot }),
    client.invalidateQueries({ queryKey: qk.ordersRoot }),
    client.invalidateQueries({ queryKey: qk.refundsRoot }),
    client.invalidateQueries({ queryKey: qk.merchantRoot }),
    client.invalidateQueries({ queryKey: qk.staffRefundsRoot }),
  ]);
}

export interface AfterSalesBody {
  kind: AfterSalesKind;
  selection: AfterSalesSelection;
  reasonCode: string;
  reasonText?: string;
}

export function useRequestAfterSales(orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: AfterSalesBody; key: string }) =>
      api<AfterSalesCase>(`/orders/${orderNo}/after-sales`, {
        method: 'POST',
        body,
        idempotencyKey: key,
      }),
    onSettled: () => afterSalesChanged(client),
  });
}

export function useSubmitReturn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      carrier,
      trackingNo,
    }: {
      id: number;
      carrier: string;
      trackingNo: string;
    }) =>
      api<AfterSalesCase>(`/after-sales/${id}/return`, {
        method: 'POST',
        body: { carrier, trackingNo },
      }),
    onSettled: () => afterSalesChanged(client),
  });
}

export function useMerchantAfterSales(status: AfterSalesStatus, enabled = true) {
  return useQuery({
    queryKey: qk.merchantAfterSales(status),
    queryFn: ({ signal }) =>
      api<{ items: AfterSalesCase[] }>('/merchant/after-sales', { query: { status }, signal }),
    enabled,
    // A queue changes under the merchant's feet (shoppers ship returns back): switching to a
    // tab shows the cached list at once and fetches the current one.
    staleTime: 0,
    refetchInterval: 60_000,
  });
}

export function useDecideAfterSales() {
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
      api<AfterSalesCase>(`/merchant/after-sales/${id}/decision`, {
        method: 'POST',
        body: reason === undefined ? { decision } : { decision, reason },
      }),
    onSettled: () => afterSalesChanged(client),
  });
}

export function useConfirmReturnReceived() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      api<AfterSalesCase>(`/merchant/after-sales/${id}/received`, { method: 'POST' }),
    onSettled: () => afterSalesChanged(client),
  });
}

/**
 * The lines of the cases' orders (a case names line ids only), one request per order, shared
 * with the order pages' cache. `scope` 'merchant' reads through the merchant's order endpoint.
 */
export function useCaseOrderLines(
  orderNos: string[],
  scope: 'shopper' | 'merchant',
): Map<string, OrderDetail['lines']> {
  const unique = [...new Set(orderNos)];
  const results = useQueries({
    queries: unique.map((no) => ({
      queryKey: scope === 'merchant' ? qk.merchantOrder(no) : qk.order(no),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<OrderDetail>(scope === 'merchant' ? `/merchant/orders/${no}` : `/orders/${no}`, {
          signal,
        }),
      staleTime: 60_000,
    })),
  });
  const map = new Map<string, OrderDetail['lines']>();
  unique.forEach((no, i) => {
    const lines = results[i]?.data?.lines;
    if (lines) map.set(no, lines);
  });
  return map;
}
