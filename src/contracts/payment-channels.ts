import { z } from 'zod';

/** Who takes a payment: the sandbox (demo money) or a real channel. */
export const paymentChannelName = z.enum(['sandbox', 'alipay', 'wechatpay', 'unionpay']);
export type PaymentChannelName = z.infer<typeof paymentChannelName>;

/**
 * The channels checkout offers the shopper, in the operator's order; the first is preselected
 * and is what a 去支付 without a choice uses.
 */
export const offeredChannelsView = z.object({
  channels: z.array(paymentChannelName),
});
export type OfferedChannels = z.infer<typeof offeredChannelsView>;

/**
 * The operator's setting (settings key 'checkout_channels'): `offered` as checkout shows it now,
 * `available` what this deployment can take (the sandbox, outside production, and every channel
 * configured in PAYMENT_PROVIDERS).
 */
export const checkoutChannelsSettings = z.object({
  offered: z.array(paymentChannelName),
  available: z.array(paymentChannelName),
});
export type CheckoutChannelsSettings = z.infer<typeof checkoutChannelsSettings>;

/** A new ordered list; each channel at most once, all of them available (checked by the server). */
export const updateCheckoutChannels = z.strictObject({
  offered: z.array(paymentChannelName).min(1).max(4),
});
