import type { FastifyInstance } from 'fastify';
import { bearerMatches } from '../metrics/bearer.js';
import type { Metrics } from '../metrics/metrics.js';
import { sendError } from './errors.js';

/**
 * Request latency by route into the process's metrics. `/metrics` is served on the app's own
 * port only behind a bearer token (METRICS_TOKEN); otherwise it lives on the ops port
 * (METRICS_PORT), which is not exposed to the public.
 */
export function installMetrics(
  app: FastifyInstance,
  metrics: Metrics,
  opts: { token: string | undefined },
): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpDuration.observe(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  const { token } = opts;
  if (!token) return;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!bearerMatches(req.headers, token)) return sendError(req, reply, 'UNAUTHENTICATED');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
