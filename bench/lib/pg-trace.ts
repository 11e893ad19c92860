import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface TracedQuery {
  text: string;
  values: unknown[];
  /** From the call to client.query until its promise settled (round trip + queueing + parsing). */
  ms: number;
  /** performance.now() at the call. */
  at: number;
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Records every statement sent through node-postgres (pool clients included, so drizzle's too)
 * by wrapping pg.Client.prototype.query in this process, until the returned stop() is called.
 * Both call styles are timed: promises (drizzle inside a transaction) and callbacks (pg-pool's
 * pool.query, which drizzle uses outside transactions).
 */
export function tracePg(): { queries: TracedQuery[]; stop(): void } {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const queries: TracedQuery[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [config, values] = args;
    const text = typeof config === 'string' ? config : ((config as { text?: string }).text ?? '');
    const params = Array.isArray(values)
      ? values
      : ((config as { values?: unknown[] } | undefined)?.values ?? []);
    const entry: TracedQuery = { text, values: params, ms: NaN, at: performance.now() };
    queries.push(entry);
    const done = () => (entry.ms = performance.now() - entry.at);
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (...cbArgs: unknown[]) => {
        done();
        return (callback as QueryFn)(...cbArgs);
      };
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
  return {
    queries,
    stop() {
      proto.query = original;
    },
  };
}
