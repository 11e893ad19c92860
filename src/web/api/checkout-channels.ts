// 收银台支付方式 (operators): which of the configured payment channels checkout offers.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CheckoutChannelsSettings, PaymentChannelName } from '../../contracts/index.js';
import { api } from './client.js';

export type { CheckoutChannelsSettings };

const key = ['ops', 'settings', 'checkout-channels'] as const;

export function useCheckoutChannels() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api<CheckoutChannelsSettings>('/ops/settings/checkout-channels', { signal }),
  });
}

export function useSaveCheckoutChannels() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (offered: PaymentChannelName[]) =>
      api<CheckoutChannelsSettings>('/ops/settings/checkout-channels', {
        method: 'PUT',
        body: { offered },
      }),
    onSuccess: async (saved) => {
      client.setQueryData(key, saved);
      await client.invalidateQueries({ queryKey: ['payment-channels'] });
    },
  });
}
