import type { FastifyInstance } from 'fastify';

/**
 * One warn line for every request slower than `thresholdMs`, with the request id (in every log
 * line of the request), route, status and time, so a slow page can be traced to its request.
 * Failures are logged by the error handler; this covers answers that were merely late.
 */
export function installSlowRequestLog(app: FastifyInstance, thresholdMs: number): void {
  if (thresholdMs <= 0) return;
  app.addHook('onResponse', async (req, reply) => {
    const ms = reply.elapsedTime;
    if (ms < thresholdMs) return;
    req.log.warn(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(ms),
      },
      'slow request',
    );
  });
}
