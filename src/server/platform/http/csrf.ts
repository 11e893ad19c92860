import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

export const CSRF_COOKIE = 'btp_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit token: a readable cookie the web app echoes in a header. Another origin can make
 * the browser send the cookie but cannot read it, so it cannot forge the header. Signed webhooks
 * from other systems are exempt (they authenticate by HMAC).
 */
export function installCsrf(app: FastifyInstance, opts: { secure: boolean }): void {
  app.addHook('onRequest', async (req, reply) => {
    let token = req.cookies[CSRF_COOKIE];
    if (!token) {
      token = randomBytes(24).toString('base64url');
      reply.setCookie(CSRF_COOKIE, token, {
        httpOnly: false,
        sameSite: 'strict',
        secure: opts.secure,
        path: '/',
      });
    }
    const path = req.url.split('?')[0] ?? '';
    if (
      !UNSAFE.has(req.method) ||
      !path.startsWith('/api/') ||
      path.startsWith('/api/v1/webhooks/')
    ) {
      return;
    }
    const sent = req.headers[CSRF_HEADER];
    const cookie = req.cookies[CSRF_COOKIE];
    if (typeof sent !== 'string' || !cookie || !safeEqual(sent, cookie)) {
      return sendError(req, reply, 'CSRF_FAILED');
    }
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
