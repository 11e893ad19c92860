/**
 * Sandbox payment provider: a separate system that behaves like a real one, reached only over HTTP.
 *
 * - `/v1/*` merchant API (`Authorization: Bearer <apiKey>`): `POST /v1/payments` (needs an
 *   `Idempotency-Key` header), `GET /v1/payments/:id`, `POST /v1/payments/:id/void`.
 *   Errors are `{ error: { code, message } }`.
 * - `/pay/:id` hosted checkout page; `POST /pay/:id/confirm` (form field `channel`) pays.
 * - Webhooks to `notify_url`, signed in the `Sandbox-Signature` header (see signing.ts),
 *   delivered at least once with exponential backoff; deliveries survive restarts.
 * - `/admin/payments`, `/admin/webhook-deliveries` (same bearer auth) for tests and demos.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { sendError } from './http-errors.js';
import type { PaymentsContext } from './payments.js';
import { adminRoutes } from './routes-admin.js';
import { apiRoutes } from './routes-api.js';
import { pageRoutes } from './routes-page.js';
import { SandboxStore } from './store.js';
import { WebhookSender } from './webhook-sender.js';

export interface SandboxPayOptions {
  /** Base URL the sandbox is reachable at, used in `pay_url`, e.g. `http://localhost:3100`. */
  publicUrl: string;
  /** Bearer token required on `/v1/*` and `/admin/*`. */
  apiKey: string;
  /** HMAC key of the `Sandbox-Signature` webhook header. */
  webhookSecret: string;
  /** JSON snapshot file for persistence; absent = memory only. */
  dataFile?: string;
  /** Clock for record times, event `created` and signature timestamps. */
  now?: () => Date;
  logger?: boolean;
  /** First webhook retry delay, doubling per failure (default 1000 ms). */
  webhookRetryBaseMs?: number;
  /** Cap on one webhook retry delay (default 60 000 ms). */
  webhookRetryMaxMs?: number;
  /** Attempts before a webhook delivery is marked failed (default 10). */
  webhookMaxAttempts?: number;
  /** Timeout of one webhook HTTP attempt (default 10 000 ms). */
  webhookTimeoutMs?: number;
}

export interface SandboxControls {
  /** Attempts every pending webhook delivery once now and waits for the attempts to finish. */
  flushWebhooks(): Promise<void>;
}

/** The sandbox app: a Fastify instance decorated with `sandbox` test controls. */
export type SandboxPayApp = FastifyInstance & { sandbox: SandboxControls };

export async function buildSandboxPayApp(opts: SandboxPayOptions): Promise<SandboxPayApp> {
  const now = opts.now ?? (() => new Date());
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const store = SandboxStore.open(opts.dataFile);

  const app = Fastify({ logger: opts.logger ?? false });
  const sender = new WebhookSender(store, {
    secret: opts.webhookSecret,
    now,
    log: app.log,
    retryBaseMs: opts.webhookRetryBaseMs,
    retryMaxMs: opts.webhookRetryMaxMs,
    maxAttempts: opts.webhookMaxAttempts,
    timeoutMs: opts.webhookTimeoutMs,
  });
  const ctx: PaymentsContext = {
    store,
    publicUrl,
    now,
    onDeliveryEnqueued: () => sender.schedule(),
  };

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    const status =
      err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error({ err }, 'sandbox-pay request failed');
      return sendError(reply, 500, 'internal_error', 'Internal error');
    }
    return sendError(
      reply,
      status,
      status === 415 ? 'unsupported_media_type' : 'invalid_request',
      err.message ?? 'Bad request',
    );
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, 'not_found', 'Not found'));

  await app.register(apiRoutes(ctx, opts.apiKey), { prefix: '/v1' });
  await app.register(adminRoutes(store, publicUrl, opts.apiKey), { prefix: '/admin' });
  await app.register(pageRoutes(ctx));

  const controls: SandboxControls = { flushWebhooks: () => sender.flush() };
  app.decorate('sandbox', controls);
  app.addHook('onReady', (done) => {
    sender.schedule();
    done();
  });
  app.addHook('onClose', async () => sender.close());

  const instance: FastifyInstance = app;
  return instance as SandboxPayApp;
}
