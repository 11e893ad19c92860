import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Headers every answer carries (@fastify/helmet). The CSP allows scripts only from our own origin
 * (the build has no inline script), no framing by anyone (clickjacking), and connections back to
 * our own origin (API and chat WebSocket). Styles allow 'unsafe-inline' because antd writes its
 * CSS-in-JS into <style> tags at run time; a style cannot run code. HSTS only when the public
 * address is https: sent over plain http it would be ignored, and on localhost it would stick.
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
  opts: { https: boolean; formActionOrigins?: readonly string[] },
): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Our own forms, and a payment channel's card page the pay handoff posts to (UnionPay).
        formAction: ["'self'", ...(opts.formActionOrigins ?? [])],
        frameAncestors: ["'none'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Product images and evidence previews are loaded by our own pages only.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}
