import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sign } from './signing.js';

describe('sign', () => {
  it('produces t=<ts>,v1=<hex HMAC-SHA256(secret, "t.body")>', () => {
    const body = '{"id":"evt_1","type":"payment.succeeded"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(sign('whsec_test', 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('depends on the secret, the timestamp and every byte of the body', () => {
    const base = sign('s', 1, 'body');
    expect(sign('s', 1, 'body')).toBe(base);
    expect(sign('t', 1, 'body')).not.toBe(base);
    expect(sign('s', 2, 'body')).not.toBe(base);
    expect(sign('s', 1, 'bodY')).not.toBe(base);
    expect(sign('s', 1, '支付')).toMatch(/^t=1,v1=[0-9a-f]{64}$/);
  });
});
