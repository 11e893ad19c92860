import type { FastifyBaseLogger } from 'fastify';
import type { WebhookDelivery } from './model.js';
import { SIGNATURE_HEADER, sign } from './signing.js';
import type { SandboxStore } from './store.js';

export interface WebhookSenderOptions {
  secret: string;
  /** Clock for signature timestamps and record times (the injected one). */
  now: () => Date;
  log: FastifyBaseLogger;
  /** First retry delay; doubles per failed attempt. Default 1000 ms. */
  retryBaseMs?: number;
  /** Cap on one retry delay. Default 60 000 ms. */
  retryMaxMs?: number;
  /** Attempts before a delivery is marked failed. Default 10. */
  maxAttempts?: number;
  /** Timeout of one HTTP attempt. Default 10 000 ms. */
  timeoutMs?: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * At-least-once webhook delivery from the store's pending deliveries. One timer fires at the
 * earliest due attempt; each delivery has at most one attempt in flight, and the attempts of
 * one resource's deliveries run one after another in `nextAttemptAt` order (so events leave in
 * the order they were scheduled; a failed one is retried later and does not block the rest).
 * Retry times are real wall-clock times (not the injected clock), so timers work whatever the
 * test clock says.
 */
export class WebhookSender {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Last attempt queued per resource id. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly store: SandboxStore,
    private readonly opts: WebhookSenderOptions,
  ) {
    this.retryBaseMs = opts.retryBaseMs ?? 1000;
    this.retryMaxMs = opts.retryMaxMs ?? 60_000;
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** (Re)arms the timer for the earliest pending delivery; call after enqueuing one. */
  schedule(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let earliest = Infinity;
    for (const d of this.store.listDeliveries()) {
      if (d.status === 'pending' && !this.inFlight.has(d.id)) {
        earliest = Math.min(earliest, d.nextAttemptAt);
      }
    }
    if (earliest === Infinity) return;
    const delay = Math.min(Math.max(0, earliest - Date.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.runDue(), delay);
    this.timer.unref();
  }

  /** Attempts every pending delivery once now (or waits for its attempt in flight). */
  async flush(): Promise<void> {
    if (this.closed) return;
    const pending = this.pendingInOrder(() => true);
    await Promise.all(pending.map((d) => this.attempt(d)));
  }

  /** Stops the timer and aborts attempts in flight; their deliveries stay pending. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private runDue(): void {
    this.timer = null;
    const now = Date.now();
    for (const d of this.pendingInOrder((d) => d.nextAttemptAt <= now)) void this.attempt(d);
    this.schedule();
  }

  private pendingInOrder(filter: (d: WebhookDelivery) => boolean): WebhookDelivery[] {
    return this.store
      .listDeliveries()
      .filter((d) => d.status === 'pending' && filter(d))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
  }

  private attempt(d: WebhookDelivery): Promise<void> {
    const { id, resourceId } = d;
    const running = this.inFlight.get(id);
    if (running) return running;
    const previous = this.chains.get(resourceId) ?? Promise.resolve();
    const promise = previous
      .then(() => this.deliver(id))
      .catch((err: unknown) =>
        this.opts.log.error({ err, deliveryId: id }, 'webhook attempt failed'),
      )
      .finally(() => {
        this.inFlight.delete(id);
        if (this.chains.get(resourceId) === promise) this.chains.delete(resourceId);
        this.schedule();
      });
    this.inFlight.set(id, promise);
    this.chains.set(resourceId, promise);
    return promise;
  }

  private async deliver(id: string): Promise<void> {
    const delivery = this.store.getDelivery(id);
    if (!delivery || delivery.status !== 'pending') return;
    const timestamp = Math.floor(this.opts.now().getTime() / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SandboxPay-Webhook/1',
          [SIGNATURE_HEADER]: sign(this.opts.secret, timestamp, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.abort.signal]),
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = describeError(err);
    }
    // Shutting down: record nothing, so the delivery is retried after a restart.
    if (this.closed) return;
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    this.store.commit((data) => {
      const current = data.deliveries.get(id);
      if (!current || current.status !== 'pending') return;
      data.deliveries.set(id, this.nextState(current, ok, statusCode, error));
    });
    const level = ok ? 'info' : 'warn';
    this.opts.log[level](
      { deliveryId: id, url: delivery.url, statusCode, error },
      'webhook attempt',
    );
  }

  private nextState(
    d: WebhookDelivery,
    ok: boolean,
    statusCode: number | null,
    error: string | null,
  ): WebhookDelivery {
    const attempts = d.attempts + 1;
    const nowIso = this.opts.now().toISOString();
    const base = { ...d, attempts, lastAttemptAt: nowIso, lastStatusCode: statusCode };
    if (ok) return { ...base, status: 'delivered', lastError: null, deliveredAt: nowIso };
    const lastError = error ?? `HTTP ${statusCode ?? '?'}`;
    if (attempts >= this.maxAttempts) return { ...base, status: 'failed', lastError };
    const delay = Math.min(this.retryBaseMs * 2 ** (attempts - 1), this.retryMaxMs);
    return { ...base, lastError, nextAttemptAt: Date.now() + delay };
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.name}: ${err.message}${cause}`;
}
