import { describe, expect, it } from 'vitest';
import type { ChannelProvider } from '../../platform/payment-channels/channel-provider.js';
import { loadConfig } from '../../platform/config.js';
import { createPaymentChannels } from '../../platform/payment-channels/registry.js';
import { availableChannels } from './checkout-channels.js';

const channels = createPaymentChannels([{ name: 'alipay' } as ChannelProvider]);

describe('what a deployment can offer at checkout', () => {
  it('is the sandbox and the configured channels in development', () => {
    expect(availableChannels({ channels, config: loadConfig({}) })).toEqual(['sandbox', 'alipay']);
  });

  it('never includes the sandbox in production: it moves no money', () => {
    const config = loadConfig({ APP_ENV: 'production', PAYMENT_PROVIDERS: 'alipay' });
    expect(availableChannels({ channels, config })).toEqual(['alipay']);
  });
});
