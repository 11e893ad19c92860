/**
 * Sandbox payment provider: a separate system that behaves like a real one, reached only over HTTP.
 *
 * - `/v1/*` merchant API (`Authorization: Bearer <apiKey>`): `POST /v1/payments` (needs an
 *   `Idempotency-Key` header), `GET /v1/payments/:id`, `POST /v1/payments/:id/void`.
 *   Errors are `{ error: { code, message } }`.
 * - `/pay/:id` hosted checkout page; `POST /pay/:id/confirm` (form field `channel`) pays.
 * - Webhooks to `notify_url`, signed in the `Sandbox-Signature` header (see signing.ts),
 *   delivered at least once with exponential backoff; deliveries survive restarts.
 * - Refunds: `POST /v1/refunds` (needs an `Idempotency-Key`), `GET /v1/refunds/:id`,
 *   `GET /v1/refunds?payment_id=`. Accepted refunds settle after a per-channel delay (balance at
 *   once, Alipay 1 min, WeChat Pay 3 min, card the next business day) times `settlementScale`,
 *   with `refund.processing` / `refund.succeeded` / `refund.failed` webhooks.
 * - `/admin/payments`, `/admin/refunds` (with money-movement counts), `/admin/ledger`,
 *   `/admin/webhook-deliveries` and `/admin/faults` (GET, POST, DELETE; see faults.ts for the
 *   fault settings and the special refund amounts), same bearer auth, for tests and demos.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { SandboxContext } from './context.js';
import { noFaults } from './faults.js';
import { HungRequests } from './hang.js';
import { sendError } from './http-errors.js';
import { RefundSettler } from './refunds.js';
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
  /**
   * Multiplies every refund settlement delay (default 1 = real time). 0 settles at once (tests),
   * 0.001 turns a one-day card refund into ~86 s and a WeChat one into ~0.2 s (demos).
   * `expected_settle_at` always reports the unscaled time.
   */
  settlementScale?: number;
  /** How long a `timeout_after_accept` request is held before its socket is destroyed (default 30 000 ms). */
  faultHoldMs?: number;
  /** Random source of the `shuffle` webhook fault (default Math.random). */
  random?: () => number;
}

export interface SandboxControls {
  /** Attempts every pending webhook delivery once now and waits for the attempts to finish. */
  flushWebhooks(): Promise<void>;
  /**
   * Settles every processing refund whose (scaled) settlement time has come, or with
   * `{ all: true }` every processing refund; resolves to how many settled. Their webhooks are
   * enqueued (send them with `flushWebhooks`).
   */
  settleDue(opts?: { all?: boolean }): Promise<number>;
}

/** The sandbox app: a Fastify instance decorated with `sandbox` test controls. */
export type SandboxPayApp = FastifyInstance & { sandbox: SandboxControls };

export async function buildSandboxPayApp(opts: SandboxPayOptions): Promise<SandboxPayApp> {
  const now = opts.now ?? (() => new Date());
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const store = SandboxStore.open(opts.dataFile);

  // Close promptly even with clients that keep half-used connections open (e.g. after aborting
  // a request the `timeout_after_accept` fault never answered).
  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  const sender = new WebhookSender(store, {
    secret: opts.webhookSecret,
    now,
    log: app.log,
    retryBaseMs: opts.webhookRetryBaseMs,
    retryMaxMs: opts.webhookRetryMaxMs,
    maxAttempts: opts.webhookMaxAttempts,
    timeoutMs: opts.webhookTimeoutMs,
  });
  const scale = opts.settlementScale ?? 1;
  if (!Number.isFinite(scale) || scale < 0) {
    throw new RangeError(`settlementScale must be a finite number >= 0: ${scale}`);
  }
  const ctx: SandboxContext = {
    store,
    publicUrl,
    now,
    onDeliveryEnqueued: () => sender.schedule(),
    onSettlementScheduled: () => settler.schedule(),
    faults: noFaults(),
    oneOffErrorsFired: new Set(),
    settlementScale: scale,
    random: opts.random ?? Math.random,
  };
  const settler = new RefundSettler(ctx, app.log);
  const hung = new HungRequests(opts.faultHoldMs ?? 30_000);

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

  await app.register(apiRoutes(ctx, opts.apiKey, hung), { prefix: '/v1' });
  await app.register(adminRoutes(ctx, opts.apiKey), { prefix: '/admin' });
  await app.register(pageRoutes(ctx));

  const controls: SandboxControls = {
    flushWebhooks: () => sender.flush(),
    settleDue: async (o) => settler.settleDue(o),
  };
  app.decorate('sandbox', controls);
  app.addHook('onReady', (done) => {
    sender.schedule();
    settler.schedule();
    done();
  });
  app.addHook('preClose', (done) => {
    hung.destroyAll();
    done();
  });
  app.addHook('onClose', async () => {
    settler.close();
    await sender.close();
  });

  const instance: FastifyInstance = app;
  return instance as SandboxPayApp;
}
