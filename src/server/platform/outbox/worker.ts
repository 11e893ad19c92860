import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { Database } from '../db/client.js';
import { queryRows } from '../db/query.js';
import { runWithRequestId } from '../audit-context.js';
import { OUTBOX_CHANNEL, type OutboxRegistry } from './outbox.js';

export interface WorkerOptions {
  concurrency: number;
  /** How long a claim is held before another worker may take the row again. */
  leaseMs?: number;
  /** Poll interval when no NOTIFY arrives (delayed jobs, lost notifications). */
  pollMs?: number;
  /** Base of the exponential retry backoff. */
  backoffBaseMs?: number;
}

interface ClaimedRow {
  id: string;
  event_id: string;
  consumer: string;
  topic: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/** Delay before retry n (1-based): exponential with jitter, capped at one hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  const exp = Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (Math.random() * exp) / 2);
}

/**
 * Claims due outbox rows with FOR UPDATE SKIP LOCKED (so many workers share one table safely),
 * runs their handlers, and records success, a retry with backoff, or the dead-letter state.
 */
export class OutboxWorker {
  private running = false;
  private inFlight = 0;
  private wake: (() => void) | null = null;
  /** A wake-up that arrived while the loop was busy, so the next sleep returns at once. */
  private wokenEarly = false;
  private unlisten: (() => Promise<void>) | null = null;
  private loopDone: Promise<void> | null = null;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoffBaseMs: number;

  constructor(
    private readonly database: Database,
    private readonly registry: OutboxRegistry,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: WorkerOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 1_000;
    this.backoffBaseMs = opts.backoffBaseMs ?? 1_000;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unlisten = await this.database.listen(OUTBOX_CHANNEL, () => this.poke());
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loopDone;
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    await this.unlisten?.();
  }

  /** Runs every row that is due now, until none is left. For tests and the CLI. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.claim(this.opts.concurrency);
      if (rows.length === 0) return total;
      total += rows.length;
      await Promise.all(rows.map((r) => this.run(r)));
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.opts.concurrency - this.inFlight;
      let claimed = 0;
      if (free > 0) {
        try {
          const rows = await this.claim(free);
          claimed = rows.length;
          for (const row of rows) {
            this.inFlight++;
            void this.run(row).finally(() => {
              this.inFlight--;
              this.poke();
            });
          }
        } catch (err) {
          this.log.error({ err }, 'outbox claim failed');
        }
      }
      if (claimed === 0 || this.inFlight >= this.opts.concurrency) await this.sleep(this.pollMs);
    }
  }

  private poke(): void {
    if (this.wake) this.wake();
    else this.wokenEarly = true;
  }

  private sleep(ms: number): Promise<void> {
    if (this.wokenEarly) {
      this.wokenEarly = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async claim(limit: number): Promise<ClaimedRow[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    return queryRows<ClaimedRow>(
      this.database.db,
      sql`
      UPDATE outbox SET attempts = attempts + 1, locked_until = ${leaseUntil.toISOString()}::timestamptz
      WHERE id IN (
        SELECT id FROM outbox
        WHERE status = 'pending' AND run_at <= ${now.toISOString()}::timestamptz
          AND (locked_until IS NULL OR locked_until < ${now.toISOString()}::timestamptz)
        ORDER BY run_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id::text AS id, event_id, consumer, topic, payload, attempts, max_attempts`,
    );
  }

  private async run(row: ClaimedRow): Promise<void> {
    const sub = this.registry.handlerFor(row.consumer);
    try {
      if (!sub) throw new Error(`no handler registered for consumer ${row.consumer}`);
      // Audit rows written by a job name the job's event as their request id.
      await runWithRequestId(`job:${row.consumer}:${row.event_id}`, () =>
        sub.handler(
          { eventId: row.event_id, topic: row.topic, payload: row.payload, attempts: row.attempts },
          { now: this.clock.now() },
        ),
      );
      await this.database.db.execute(sql`
        UPDATE outbox SET status = 'done', done_at = ${this.clock.now().toISOString()}::timestamptz,
          locked_until = NULL, last_error = NULL
        WHERE id = ${row.id}::bigint`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const dead = row.attempts >= row.max_attempts;
      const runAt = new Date(
        this.clock.now().getTime() + retryDelayMs(row.attempts, this.backoffBaseMs),
      );
      this.log[dead ? 'error' : 'warn'](
        { err, consumer: row.consumer, eventId: row.event_id, attempts: row.attempts },
        dead ? 'outbox event dead-lettered' : 'outbox handler failed; will retry',
      );
      await this.database.db
        .execute(
          sql`
        UPDATE outbox SET status = ${dead ? 'dead' : 'pending'}, run_at = ${runAt.toISOString()}::timestamptz,
          locked_until = NULL, last_error = ${message.slice(0, 2000)}
        WHERE id = ${row.id}::bigint`,
        )
        .catch((e: unknown) => this.log.error({ err: e }, 'could not record outbox failure'));
    }
  }
}
