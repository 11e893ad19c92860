// 修改地址: the shopper's options and change, the merchant's open requests and decision.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  AddressChangeOptions,
  AddressChangeResponse,
  MerchantAddressQueue,
} from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export interface AddressInput {
  name: string;
  phone: string;
  address: string;
}

/** `state` (status, preparing) is part of the key: what is allowed changes with the order. */
export function useAddressChangeOptions(orderNo: string, state: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.addressChange(orderNo, state),
    queryFn: ({ signal }) =>
      api<AddressChangeOptions>(`/orders/${orderNo}/address-change`, { signal }),
    enabled,
  });
}

/** An address change touches the order (receiver, timeline) and its options. */
function invalidate(client: QueryClient) {
  return Promise.all([
    client.invalidateQueries({ queryKey: qk.ordersRoot }),
    client.invalidateQueries({ queryKey: qk.addressChangeRoot }),
    client.invalidateQueries({ queryKey: qk.merchantRoot }),
  ]);
}

export function useChangeAddress(orderNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ address, key }: { address: AddressInput; key: string }) =>
      api<AddressChangeResponse>(`/orders/${orderNo}/address-change`, {
        method: 'POST',
        body: { address },
        idempotencyKey: key,
      }),
    // Not awaited: the dialog closes on the answer; the order's queries refetch behind it.
    onSettled: () => void invalidate(client),
  });
}

export function useMerchantAddressRequests() {
  return useQuery({
    queryKey: qk.merchantAddressRequests,
    queryFn: ({ signal }) =>
      api<MerchantAddressQueue>('/merchant/address-change-requests', { signal }),
  });
}

export function useDecideAddressChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      decision,
      reason,
      key,
    }: {
      id: number;
      decision: 'accept' | 'refuse';
      reason?: string;
      key: string;
    }) =>
      api<AddressChangeResponse>(`/merchant/address-change-requests/${id}/decision`, {
        method: 'POST',
        body: reason === undefined ? { decision } : { decision, reason },
        idempotencyKey: key,
      }),
    onSettled: () => void invalidate(client),
  });
}
