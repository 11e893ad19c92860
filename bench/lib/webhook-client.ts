/**
 * Child process of bench/refunds.ts: POSTs provider webhooks to the app under runLoad, each body
 * signed at send time (`Sandbox-Signature`, as the provider does), every event id new.
 */
import { sign, SIGNATURE_HEADER } from '../../src/server/sandbox-pay/signing.js';
import { serveJob } from './child.js';
import { HttpClient, agent } from './http.js';
import { runLoad, type LoadOptions, type LoadResult } from './load.js';

export interface WebhookJob {
  baseUrl: string;
  secret: string;
  /** Provider refund objects the events carry, used in turn. */
  refunds: unknown[];
  /** Event ids are `${prefix}-<n>`: unique per run. */
  prefix: string;
  opts: LoadOptions;
}

serveJob<WebhookJob, LoadResult>(async (job) => {
  const client = new HttpClient(job.baseUrl);
  let n = 0;
  const result = await runLoad(job.opts, async () => {
    const i = n++;
    const body = JSON.stringify({
      id: `${job.prefix}-${i}`,
      type: 'refund.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: { refund: job.refunds[i % job.refunds.length] },
    });
    const res = await client.request('POST', '/api/v1/webhooks/sandbox-pay', body, {
      'content-type': 'application/json',
      [SIGNATURE_HEADER.toLowerCase()]: sign(job.secret, Math.floor(Date.now() / 1000), body),
    });
    if (res.status !== 200) throw new Error(`webhook: ${res.status} ${res.text.slice(0, 160)}`);
  });
  agent.destroy();
  return result;
});
