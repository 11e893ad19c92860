import { performance } from 'node:perf_hooks';
import { runChild } from './child.js';
import type { HttpLoadJob } from './load-client.js';
import { summarise, type LatencySummary } from './stats.js';

export interface LoadOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Stop after this many measured requests… */
  maxRequests: number;
  /** …or after this long, whichever comes first. */
  maxMs: number;
  /** Unmeasured requests first (JIT, pool and cache warm-up). */
  warmup?: number;
}

export interface LoadResult extends LatencySummary {
  errors: number;
  elapsedMs: number;
  /** Measured requests per second. */
  rps: number;
  firstError?: string;
}

/**
 * A bounded closed-loop load: `concurrency` workers each run `request` back to back until the
 * request budget or the time budget is spent. Always stops by itself.
 */
export async function runLoad(
  opts: LoadOptions,
  request: (i: number) => Promise<void>,
): Promise<LoadResult> {
  let next = 0;
  const warmup = opts.warmup ?? 0;
  for (; next < warmup; next += opts.concurrency) {
    const batch = Math.min(opts.concurrency, warmup - next);
    await Promise.all(Array.from({ length: batch }, (_, k) => request(next + k)));
  }
  next = 0;
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + opts.maxMs;
  const worker = async () => {
    while (next < opts.maxRequests && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await request(i);
        samples.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - start;
  return {
    ...summarise(samples),
    errors,
    elapsedMs,
    rps: (samples.length / elapsedMs) * 1000,
    ...(firstError ? { firstError } : {}),
  };
}

/** GET `path` under runLoad from a separate Node process, with the given session cookies. */
export function runHttpLoad(
  baseUrl: string,
  cookies: Map<string, string>,
  path: string,
  opts: LoadOptions,
): Promise<LoadResult> {
  const job: HttpLoadJob = { baseUrl, cookies: [...cookies], path, opts };
  return runChild(new URL('./load-client.ts', import.meta.url), job, opts.maxMs + 60_000);
}
