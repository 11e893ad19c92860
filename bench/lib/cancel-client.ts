/**
 * Child process of bench/cancel.ts: cancels whole orders over HTTP under runLoad, each request
 * as the order's own shopper (session cookie + CSRF double-submit) with an Idempotency-Key.
 * Every order is used once: warm-up requests take the first ones, measured requests the rest.
 */
import { serveJob } from './child.js';
import { HttpClient, agent } from './http.js';
import { runLoad, type LoadOptions, type LoadResult } from './load.js';

export interface CancelJob {
  baseUrl: string;
  /** [orderNo, session token] in the order they are to be cancelled. */
  orders: [string, string][];
  opts: LoadOptions;
}

export interface CancelResult extends LoadResult {
  /** Orders used, warm-up included. */
  used: number;
}

/** Any value works for the double-submit check, as long as cookie and header agree. */
const CSRF = 'bench-csrf-token-0123456789';
const BODY = JSON.stringify({ selection: 'all', reasonCode: 'price' });

serveJob<CancelJob, CancelResult>(async (job) => {
  let next = 0;
  const result = await runLoad(job.opts, async () => {
    const order = job.orders[next++];
    if (!order) throw new Error('ran out of prepared orders');
    const [orderNo, token] = order;
    const client = new HttpClient(job.baseUrl);
    client.cookies.set('btp_sid', token);
    client.cookies.set('btp_csrf', CSRF);
    const res = await client.request('POST', `/api/v1/orders/${orderNo}/cancellation`, BODY, {
      'content-type': 'application/json',
      'idempotency-key': `bench-cancel-${orderNo}`,
    });
    if (res.status !== 200 || !res.text.includes('"result":"cancelled"'))
      throw new Error(`cancel ${orderNo}: ${res.status} ${res.text.slice(0, 160)}`);
  });
  agent.destroy();
  return { ...result, used: next };
});
