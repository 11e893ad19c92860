import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The request id: the caller's X-Request-Id when it is a plain token (a load balancer's or a
 * client's, so one id follows a request across systems), else a new UUID. Anything else is
 * ignored rather than trusted into logs and the audit trail.
 */
export function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/**
 * Echoes the id on every answer (error bodies carry it too) and writes one access line per
 * request: method, matched route, path, status and duration, never the query string (it can
 * hold a phone number being searched) nor bodies.
 */
export function installRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        method: req.method,
        route: req.routeOptions.url,
        path: req.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ip: req.ip,
        user: req.actor?.userId,
      },
      'request',
    );
  });
}
