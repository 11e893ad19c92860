import net from 'node:net';

/** Fastify's trustProxy: false (trust no one), a hop count, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

const CIDR = /^(.+)\/(\d{1,3})$/;

function validAddress(entry: string): boolean {
  const m = CIDR.exec(entry);
  if (!m) return net.isIP(entry) !== 0;
  const [, ip = '', bits = ''] = m;
  const family = net.isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: empty (default) trusts no proxy, so X-Forwarded-For is ignored and the client
 * address is the socket's; a number trusts that many hops; otherwise a comma-separated list of
 * proxy addresses or CIDR ranges. "true" is refused: trusting any peer would let every client
 * pick its own address and walk around the rate limits.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new Error(`Invalid configuration: TRUST_PROXY hop count ${hops} > 10`);
    return hops === 0 ? false : hops;
  }
  if (value === 'true') {
    throw new Error(
      'Invalid configuration: TRUST_PROXY=true would trust X-Forwarded-For from anyone; ' +
        'give the number of proxy hops or the proxies’ addresses (CIDR list)',
    );
  }
  const entries = value.split(',').map((s) => s.trim());
  const bad = entries.filter((s) => !validAddress(s));
  if (bad.length > 0) {
    throw new Error(
      `Invalid configuration: TRUST_PROXY has entries that are not addresses: ${bad.join(', ')}`,
    );
  }
  return entries;
}

/** Fastify's option: a hop count becomes "trust the nearest N peers" (proxy-addr's meaning). */
export function trustProxyOption(
  t: TrustProxy,
): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_addr, hop) => hop < t : t;
}
