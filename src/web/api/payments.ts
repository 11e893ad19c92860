// Paying an order: the channels checkout offers, and 去支付 with the shopper's choice.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OfferedChannels, PaymentChannelName, payResponse } from '../../contracts/index.js';
import { api } from './client.js';

export type { PaymentChannelName };
export type PayAnswer = z.infer<typeof payResponse>;
export type PayHandoff = NonNullable<PayAnswer['handoff']>;
/** A desktop page (a QR code on screen for WeChat Pay) or a phone browser (WeChat H5, Alipay wap). */
export type PayScene = 'desktop' | 'mobile';

/** The channels the shopper may choose, the preselected one first (the operator's order). */
export function useOfferedChannels(enabled = true) {
  return useQuery({
    queryKey: ['payment-channels'] as const,
    queryFn: ({ signal }) => api<OfferedChannels>('/payment-channels', { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/**
 * Asks for the payment of an order through `provider` (none: the first offered). The first
 * 去支付 fixes the order's channel: a later one answers the same payment, whose `provider` the
 * answer names.
 */
export function payOrder(
  orderNo: string,
  key: string,
  choice: { provider?: PaymentChannelName; scene?: PayScene } = {},
): Promise<PayAnswer> {
  const body = {
    ...(choice.provider ? { provider: choice.provider } : {}),
    ...(choice.scene ? { scene: choice.scene } : {}),
  };
  return api<PayAnswer>(`/orders/${orderNo}/pay`, {
    method: 'POST',
    idempotencyKey: key,
    ...(Object.keys(body).length > 0 ? { body } : {}),
  });
}
