// 申请价保: the quote (what each line would get at today's price) and the request.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RefundDetail } from '../../contracts/index.js';
import type { PriceProtectionQuote } from '../../contracts/staff-refunds.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type { PriceProtectionQuote };

export function usePriceProtectionQuote(orderNo: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.priceProtection(orderNo),
    queryFn: ({ signal }) =>
      api<PriceProtectionQuote>(`/orders/${orderNo}/price-protection`, { signal }),
    enabled,
    // Prices change under the shopper: the dialog always shows today's numbers.
    staleTime: 0,
  });
}

export function useRequestPriceProtection(orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key }: { key: string }) =>
      api<RefundDetail>(`/orders/${orderNo}/price-protection`, {
        method: 'POST',
        body: {},
        idempotencyKey: key,
      }),
    // Not awaited: the dialog shows the answer; the order, its refunds and the quote refetch.
    onSettled: () => {
      void client.invalidateQueries({ queryKey: qk.ordersRoot });
      void client.invalidateQueries({ queryKey: qk.refundsRoot });
      void client.invalidateQueries({ queryKey: qk.priceProtectionRoot });
    },
  });
}
