import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './trust-proxy.js';

describe('TRUST_PROXY', () => {
  it('trusts no one by default', () => {
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
  });

  it('takes a hop count or a list of proxy addresses and ranges', () => {
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.7,::1')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      '::1',
    ]);
  });

  it('refuses to trust everyone and names entries that are not addresses', () => {
    expect(() => parseTrustProxy('true')).toThrow(/number of proxy hops/);
    expect(() => parseTrustProxy('10.0.0.0/8,proxy.local,1.2.3.4/40')).toThrow(
      /proxy\.local, 1\.2\.3\.4\/40/,
    );
  });
});
