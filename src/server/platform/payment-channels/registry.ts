import type { PaymentChannel } from '../payment-provider/payment-provider.js';
import { createAlipayProvider } from './alipay/alipay-provider.js';
import { PROVIDER_NAMES, type ChannelProvider, type ProviderName } from './channel-provider.js';
import type { ProviderSettings } from './config.js';
import { createUnionPayProvider } from './unionpay/unionpay-provider.js';
import { createWechatPayProvider } from './wechatpay/wechatpay-provider.js';

/** Who takes a payment's money: the sandbox, or one of the real channels. */
export type PaymentProviderName = 'sandbox' | ProviderName;

export const SANDBOX = 'sandbox';

/** The rail a channel's money moves on, as orders and refunds record it. */
export const CHANNEL_RAIL: Record<ProviderName, PaymentChannel> = {
  alipay: 'alipay',
  wechatpay: 'wechat',
  unionpay: 'card',
};

/**
 * Our notify route for a provider, under /api/v1. The sandbox keeps the path it always had
 * (payments it took name it in their stored notify URL); each channel has its own.
 */
export function notifyPath(name: PaymentProviderName): string {
  return name === SANDBOX ? '/webhooks/sandbox-pay' : `/webhooks/${name}`;
}

export function isChannelName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

/** The real channels this process runs, by name (the sandbox is `Deps.payments`). */
export interface PaymentChannels {
  /** Providers checkout may use: the sandbox first, then each configured channel. */
  readonly names: readonly PaymentProviderName[];
  /** The adapter of a configured channel, or null. */
  get(name: string): ChannelProvider | null;
  /** The absolute notify URL for a provider, on the app's public address. */
  notifyUrl(publicUrl: string, name: PaymentProviderName): string;
  /**
   * Origins our pages post a handoff form to (UnionPay's card page): the page's CSP
   * `form-action` must name them, or the browser refuses to send the shopper there.
   */
  readonly formActionOrigins: readonly string[];
}

export function createPaymentChannels(
  adapters: readonly ChannelProvider[],
  opts: { formActionOrigins?: readonly string[] } = {},
): PaymentChannels {
  const byName = new Map<string, ChannelProvider>();
  for (const adapter of adapters) {
    if (byName.has(adapter.name)) throw new Error(`payment channel ${adapter.name} given twice`);
    byName.set(adapter.name, adapter);
  }
  return {
    names: [SANDBOX, ...PROVIDER_NAMES.filter((n) => byName.has(n))],
    get: (name) => byName.get(name) ?? null,
    notifyUrl: (publicUrl, name) => `${publicUrl}/api/v1${notifyPath(name)}`,
    formActionOrigins: opts.formActionOrigins ?? [],
  };
}

/** Where the configured channels' handoff forms go (UnionPay's front gateway). */
export function formActionOrigins(settings: ProviderSettings): string[] {
  return settings.unionpay ? [new URL(settings.unionpay.gateway).origin] : [];
}

/** One adapter per channel listed in PAYMENT_PROVIDERS, from its checked settings. */
export function channelsFromSettings(settings: ProviderSettings): ChannelProvider[] {
  const out: ChannelProvider[] = [];
  for (const name of settings.enabled) {
    if (name === 'alipay' && settings.alipay)
      out.push(createAlipayProvider({ settings: settings.alipay }));
    if (name === 'wechatpay' && settings.wechatpay)
      out.push(createWechatPayProvider({ settings: settings.wechatpay }));
    if (name === 'unionpay' && settings.unionpay)
      out.push(createUnionPayProvider({ settings: settings.unionpay }));
  }
  return out;
}
