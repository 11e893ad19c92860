import { describe, expect, it } from 'vitest';
import { checkOfferedUpdate, defaultChannel, offeredChannels } from './checkout-channels.js';

describe('offeredChannels', () => {
  const available = ['sandbox', 'alipay', 'wechatpay'];

  it.each([
    { stored: null, offered: ['sandbox', 'alipay', 'wechatpay'], why: 'nothing chosen yet' },
    { stored: ['wechatpay', 'alipay'], offered: ['wechatpay', 'alipay'], why: "operator's order" },
    { stored: ['unionpay', 'alipay'], offered: ['alipay'], why: 'a channel no longer configured' },
    { stored: ['unionpay'], offered: available, why: 'nothing left: everything available' },
    { stored: [], offered: available, why: 'an empty list never empties checkout' },
  ])('$why', ({ stored, offered }) => {
    expect(offeredChannels(available, stored)).toEqual(offered);
  });

  it('offers nothing only when nothing is available', () => {
    expect(offeredChannels([], ['alipay'])).toEqual([]);
  });
});

describe('checkOfferedUpdate', () => {
  const available = ['alipay', 'wechatpay'];

  it.each([
    { requested: ['wechatpay', 'alipay'], refusal: null },
    { requested: ['alipay'], refusal: null },
    { requested: [], refusal: 'empty' },
    { requested: ['alipay', 'alipay'], refusal: 'duplicate' },
    { requested: ['alipay', 'sandbox'], refusal: 'not_available' },
    { requested: ['unionpay'], refusal: 'not_available' },
  ])('$requested → $refusal', ({ requested, refusal }) => {
    expect(checkOfferedUpdate(available, requested)).toBe(refusal);
  });
});

describe('defaultChannel', () => {
  it('is the first offered', () => {
    expect(defaultChannel(['wechatpay', 'alipay'])).toBe('wechatpay');
    expect(defaultChannel([])).toBeNull();
  });
});
