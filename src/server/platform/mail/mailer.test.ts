import { describe, expect, it } from 'vitest';
import { senderDomain } from './mailer.js';

describe('senderDomain (the right side of every Message-ID we send)', () => {
  it('takes the domain of the sender, with or without a display name', () => {
    expect(senderDomain('B特派 <no-reply@btepai.test>')).toBe('btepai.test');
    expect(senderDomain('notices@mail.shop.example.cn')).toBe('mail.shop.example.cn');
  });
  it('falls back to localhost for an address without a domain', () => {
    expect(senderDomain('postmaster')).toBe('localhost');
  });
});
