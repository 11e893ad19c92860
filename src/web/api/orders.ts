// The shopper's orders: place, list, count, detail, confirm receipt (paying: payments.ts).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  OrderDetail,
  OrderSummary,
  OrderTabName,
  placeOrderRequest,
  Quote,
} from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

type OrderPage = { items: OrderSummary[]; nextCursor: string | null };
export type OrderCounts = Partial<Record<OrderTabName, number>>;
export type PlaceOrderBody = z.input<typeof placeOrderRequest>;

export function useOrders(tab: OrderTabName, q: string) {
  return useInfiniteQuery({
    queryKey: qk.orders(tab, q),
    queryFn: ({ pageParam, signal }) =>
      api<OrderPage>('/orders', {
        query: { tab, q: q || undefined, cursor: pageParam, limit: 10 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useOrderCounts() {
  return useQuery({
    queryKey: qk.orderCounts,
    queryFn: ({ signal }) => api<OrderCounts>('/orders/counts', { signal }),
  });
}

export function useOrder(orderNo: string, refetchInterval: number | false = false, enabled = true) {
  return useQuery({
    queryKey: qk.order(orderNo),
    queryFn: ({ signal }) => api<OrderDetail>(`/orders/${orderNo}`, { signal }),
    refetchInterval,
    enabled,
  });
}

export function usePlaceOrder() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: PlaceOrderBody; key: string }) =>
      api<{ orders: OrderSummary[] }>('/orders', { method: 'POST', body, idempotencyKey: key }),
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: qk.ordersRoot }),
        client.invalidateQueries({ queryKey: qk.cart }),
        client.invalidateQueries({ queryKey: ['product'] }),
        client.invalidateQueries({ queryKey: ['products'] }),
      ]);
    },
  });
}

export function useConfirmReceipt(orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<unknown>(`/orders/${orderNo}/confirm-receipt`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.ordersRoot }),
  });
}

/**
 * What the checkout will cost per shop, priced by the server exactly as placing the order, with
 * the chosen coupons (undefined: the server preselects the best).
 */
export function useQuote(items: { variantId: number; quantity: number }[], couponIds?: number[]) {
  return useQuery({
    queryKey: ['quote', items, couponIds ?? null] as const,
    queryFn: ({ signal }) =>
      api<Quote>('/orders/quote', {
        method: 'POST',
        body: couponIds === undefined ? { items } : { items, couponIds },
        signal,
      }),
    enabled: items.length > 0,
    placeholderData: (previous) => previous,
  });
}
