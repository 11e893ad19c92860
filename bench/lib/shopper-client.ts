/**
 * Child process of place-and-pay: shoppers that log in once, then place an order and pay it on
 * the sandbox's hosted page over HTTP, back to back, until the shared order budget is spent.
 */
import { performance } from 'node:perf_hooks';
import { serveJob } from './child.js';
import { HttpClient, agent } from './http.js';
import { summarise, type LatencySummary } from './stats.js';

export interface ShopperJob {
  baseUrl: string;
  sandboxUrl: string;
  accounts: string[];
  password: string;
  variantIds: number[];
  orders: number;
  maxMs: number;
  /** false: place orders only (the placement's own cost), never pay them. */
  pay: boolean;
}

export interface ShopperResult {
  placed: number;
  paid: number;
  errors: number;
  firstError?: string;
  /** Wall-clock (Date.now) bounds of the placing phase, for the parent's timeline. */
  startedAt: number;
  finishedAt: number;
  place: LatencySummary;
  pay: LatencySummary;
}

const address = { name: '张三', phone: '13912345678', address: '北京市海淀区中关村大街 1 号' };

serveJob<ShopperJob, ShopperResult>(async (job) => {
  const shoppers = job.accounts.map(() => new HttpClient(job.baseUrl));
  await Promise.all(shoppers.map((c, i) => c.login(job.accounts[i]!, job.password)));
  const sandbox = new HttpClient(job.sandboxUrl);
  const place: number[] = [];
  const pay: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const startedAt = Date.now();
  const deadline = performance.now() + job.maxMs;

  const buyOne = async (client: HttpClient, n: number) => {
    const v = job.variantIds;
    const items = [{ variantId: v[n % v.length]!, quantity: 1 + (n % 3) }];
    if (n % 2 === 0) items.push({ variantId: v[(n + 1) % v.length]!, quantity: 1 });
    let t0 = performance.now();
    const placed = await client.json<{ orders: { orderNo: string }[] }>(
      'POST',
      '/api/v1/orders',
      { items, address },
      201,
      { 'idempotency-key': `bench-place-${n}-${startedAt}` },
    );
    place.push(performance.now() - t0);
    if (!job.pay) return;
    for (const { orderNo } of placed.orders) {
      t0 = performance.now();
      const { payUrl } = await client.json<{ payUrl: string }>(
        'POST',
        `/api/v1/orders/${orderNo}/pay`,
        {},
        200,
        { 'idempotency-key': `bench-pay-${orderNo}` },
      );
      const payPath = new URL(payUrl).pathname;
      const page = await sandbox.get(payPath);
      if (page.status !== 200) throw new Error(`pay page ${page.status}`);
      const confirm = await sandbox.request(
        'POST',
        `${payPath}/confirm`,
        new URLSearchParams({ channel: 'alipay' }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded' },
      );
      if (confirm.status !== 303) throw new Error(`confirm ${confirm.status}`);
      pay.push(performance.now() - t0);
    }
  };

  await Promise.all(
    shoppers.map(async (client) => {
      while (next < job.orders && performance.now() < deadline) {
        const n = next++;
        try {
          await buyOne(client, n);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  agent.destroy();
  return {
    placed: place.length,
    paid: pay.length,
    errors,
    ...(firstError ? { firstError } : {}),
    startedAt,
    finishedAt: Date.now(),
    place: summarise(place),
    pay: summarise(pay),
  };
});
