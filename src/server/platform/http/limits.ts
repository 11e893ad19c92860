import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/errors.js';

export interface LimitSpec {
  /** Part of the store key, so limits of different subjects never share a counter. */
  name: string;
  max: number;
  /** Milliseconds. */
  windowMs: number;
  /** The subject counted (an address, an account, a device); undefined skips this limit. */
  key: (req: FastifyRequest) => string | undefined | Promise<string | undefined>;
}

export type Limit = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * One counter of @fastify/rate-limit (memory, or Redis when several processes run), usable
 * several times on one route: its own route hooks run only the first limit of a request, while a
 * login needs one per address and one per account. Over the limit: RATE_LIMITED with Retry-After.
 */
export function createLimit(app: FastifyInstance, spec: LimitSpec): Limit {
  // The key is worked out once per request (it may need a query) and handed to the store here.
  const keys = new WeakMap<FastifyRequest, string>();
  const check = app.createRateLimit({
    max: spec.max,
    timeWindow: spec.windowMs,
    keyGenerator: (req) => `${spec.name}:${keys.get(req) ?? ''}`,
  });
  return async (req, reply) => {
    const key = await spec.key(req);
    if (key === undefined) return;
    keys.set(req, key);
    const result = await check(req);
    if (result.isAllowed || !result.isExceeded) return;
    void reply.header('retry-after', String(result.ttlInSeconds));
    throw new DomainError('RATE_LIMITED', { retryAfterSeconds: result.ttlInSeconds });
  };
}

/** Runs limits in order; the first one exceeded refuses the request. */
export function allLimits(...limits: Limit[]): Limit {
  return async (req, reply) => {
    for (const limit of limits) await limit(req, reply);
  };
}
