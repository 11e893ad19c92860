import { describe, expect, it } from 'vitest';
import type { ChannelProvider } from './channel-provider.js';
import type { ProviderSettings, UnionPaySettings } from './config.js';
import { createPaymentChannels, formActionOrigins, notifyPath } from './registry.js';

/** Only the name matters to the registry. */
const adapter = (name: ChannelProvider['name']) => ({ name }) as ChannelProvider;

describe('the payment registry', () => {
  it('offers the sandbox first, then the configured channels in a fixed order', () => {
    const channels = createPaymentChannels([adapter('unionpay'), adapter('alipay')]);
    expect(channels.names).toEqual(['sandbox', 'alipay', 'unionpay']);
    expect(channels.get('alipay')?.name).toBe('alipay');
    expect(channels.get('wechatpay')).toBeNull();
    expect(channels.get('sandbox')).toBeNull(); // the sandbox is not a channel adapter
    expect(createPaymentChannels([]).names).toEqual(['sandbox']);
  });

  it('knows each notify route; the sandbox keeps the path its payments carry', () => {
    expect(notifyPath('sandbox')).toBe('/webhooks/sandbox-pay');
    expect(notifyPath('wechatpay')).toBe('/webhooks/wechatpay');
    const channels = createPaymentChannels([adapter('alipay')]);
    expect(channels.notifyUrl('https://shop.example.cn', 'alipay')).toBe(
      'https://shop.example.cn/api/v1/webhooks/alipay',
    );
    expect(channels.notifyUrl('https://shop.example.cn', 'sandbox')).toBe(
      'https://shop.example.cn/api/v1/webhooks/sandbox-pay',
    );
  });

  it('refuses the same channel twice', () => {
    expect(() => createPaymentChannels([adapter('alipay'), adapter('alipay')])).toThrow(/twice/);
  });

  it("names UnionPay's card page as a form target, and no one else", () => {
    const none: ProviderSettings = { enabled: [], alipay: null, wechatpay: null, unionpay: null };
    expect(formActionOrigins(none)).toEqual([]);
    const unionpay = { gateway: 'https://gateway.95516.com' } as UnionPaySettings;
    expect(formActionOrigins({ ...none, enabled: ['unionpay'], unionpay })).toEqual([
      'https://gateway.95516.com',
    ]);
    expect(createPaymentChannels([]).formActionOrigins).toEqual([]);
  });
});
