// The merchant's orders: list, detail, prepare, ship, deliver.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrderDetail, OrderSummary } from '../../contracts/index.js';
import { allowedMerchantActions } from '../../domain/order-transitions.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type MerchantAction = OrderDetail['merchantActions'][number];
/** List rows may carry merchantActions (not yet in the contract); see merchantActionsOf. */
export type MerchantOrderRow = OrderSummary & { merchantActions?: MerchantAction[] };
type MerchantOrderPage = { items: MerchantOrderRow[]; nextCursor: string | null };

export function useMerchantOrders(status: string, q: string) {
  return useInfiniteQuery({
    queryKey: qk.merchantOrders(status, q),
    queryFn: ({ pageParam, signal }) =>
      api<MerchantOrderPage>('/merchant/orders', {
        query: {
          status: status === 'all' ? undefined : status,
          q: q || undefined,
          cursor: pageParam,
          limit: 20,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMerchantOrder(orderNo: string) {
  return useQuery({
    queryKey: qk.merchantOrder(orderNo),
    queryFn: ({ signal }) => api<OrderDetail>(`/merchant/orders/${orderNo}`, { signal }),
  });
}

/**
 * The actions the server allows on a row. The detail endpoint always says; list rows are
 * OrderSummary in the contract, so without the field we ask the same domain rule the server uses.
 */
export function merchantActionsOf(row: MerchantOrderRow): MerchantAction[] {
  if (row.merchantActions) return row.merchantActions;
  return allowedMerchantActions({
    status: row.status,
    preparingAt: row.preparing ? new Date(0) : null,
    deliveredAt: row.delivered ? new Date(0) : null,
    paymentDeadline: new Date(row.paymentDeadline),
  });
}

export type ShipBody = { carrier: string; trackingNo: string };

export function useMerchantAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      orderNo,
      action,
      ship,
    }: {
      orderNo: string;
      action: MerchantAction;
      ship?: ShipBody;
    }) =>
      api<unknown>(`/merchant/orders/${orderNo}/${action}`, {
        method: 'POST',
        body: action === 'ship' ? ship : undefined,
      }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.merchantRoot }),
  });
}
