import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendError } from './errors.js';

export const CSRF_COOKIE = 'btp_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false on routes other systems call with their own signature (payment webhooks). */
    csrf?: false;
  }
}

export interface CsrfOptions {
  secure: boolean;
  /** Whether a browser may send state-changing requests from this origin. */
  isAllowedOrigin: (origin: string) => boolean;
}

/**
 * Two layers against cross-site requests, decided on the route Fastify matched (never on the raw
 * URL, which an encoded path such as /%61pi/… would slip past):
 * 1. Double-submit token: a readable cookie the web app echoes in a header. Another origin can make
 *    the browser send the cookie but cannot read it, so it cannot forge the header.
 * 2. Origin: a browser names the page's origin on every state-changing request; a foreign one is
 *    refused even if a token leaked. Clients that send no Origin (scripts, tests) rely on layer 1.
 * Routes marked `config: { csrf: false }` (signed webhooks) are exempt from both.
 */
export function installCsrf(app: FastifyInstance, opts: CsrfOptions): void {
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
    if (!UNSAFE.has(req.method) || !isMatchedRoute(req)) return;
    if (req.routeOptions.config.csrf === false) return;
    const origin = req.headers.origin;
    if (origin !== undefined && !opts.isAllowedOrigin(origin)) {
      return sendError(req, reply, 'ORIGIN_NOT_ALLOWED');
    }
    const sent = req.headers[CSRF_HEADER];
    const cookie = req.cookies[CSRF_COOKIE];
    if (typeof sent !== 'string' || !cookie || !safeEqual(sent, cookie)) {
      return sendError(req, reply, 'CSRF_FAILED');
    }
  });
}

/** Unmatched requests go to the not-found handler, which changes nothing. */
function isMatchedRoute(req: FastifyRequest): boolean {
  return req.routeOptions.url !== undefined && !req.is404;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * PUBLIC_URL's origin; in development also any loopback origin, so the Vite dev server (which
 * proxies the API from its own port) works.
 */
export function isAllowedOrigin(origin: string, publicUrl: string, development: boolean): boolean {
  return origin === new URL(publicUrl).origin || (development && LOOPBACK_ORIGIN.test(origin));
}
