import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.js';
import type { Database } from '../db/client.js';
import { queryRows } from '../db/query.js';
import { isConnectionLoss, retryWhileDisconnected } from '../db/connection-errors.js';
import { runWithRequestId } from '../audit-context.js';
import {
  ALL_CONSUMERS,
  OUTBOX_CHANNEL,
  type ConsumerDirectory,
  type OutboxHandler as ConsumerHandler,
} from './outbox.js';

export interface WorkerOptions {
  concurrency: number;
  /** How long a claim is held before another worker may take the row again. */
  leaseMs?: number;
  /** Poll interval when no NOTIFY arrives (delayed jobs, lost notifications). */
  pollMs?: number;
  /** Base of the exponential retry backoff. */
  backoffBaseMs?: number;
  /** A job that takes longer is logged at warn with its consumer and event id. */
  slowJobMs?: number;
  /** Told about every finished job (for metrics). */
  onJob?: (consumer: string, outcome: JobOutcome, seconds: number) => void;
}

export type JobOutcome = 'done' | 'retry' | 'dead' | 'disconnected';

export interface WorkerHealth {
  running: boolean;
  inFlight: number;
  /** When the claim loop last went round (ms since epoch); a stuck loop stops moving it. */
  lastLoopAt: number;
  /** The last claim failed (the database is unreachable). */
  claimFailing: boolean;
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
  /** Poll interval when no NOTIFY arrives; health checks judge a stalled loop by it. */
  readonly pollMs: number;
  private readonly backoffBaseMs: number;
  private lastLoopAt = Date.now();
  private claimFailing = false;

  constructor(
    private readonly database: Database,
    private readonly registry: ConsumerDirectory,
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
    // After the listener reconnects, look for work at once: wake-ups may have been missed.
    this.unlisten = await this.database.listen(
      OUTBOX_CHANNEL,
      () => this.poke(),
      () => this.poke(),
    );
    this.loopDone = this.loop();
  }

  health(): WorkerHealth {
    return {
      running: this.running,
      inFlight: this.inFlight,
      lastLoopAt: this.lastLoopAt,
      claimFailing: this.claimFailing,
    };
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
      this.lastLoopAt = Date.now();
      const free = this.opts.concurrency - this.inFlight;
      let claimed = 0;
      if (free > 0) {
        try {
          const rows = await this.claim(free);
          if (this.claimFailing) this.log.warn('outbox claims work again');
          this.claimFailing = false;
          claimed = rows.length;
          for (const row of rows) {
            this.inFlight++;
            void this.run(row).finally(() => {
              this.inFlight--;
              this.poke();
            });
          }
        } catch (err) {
          // Once per outage, not once per poll.
          if (!this.claimFailing) this.log.error({ err }, 'outbox claim failed');
          this.claimFailing = true;
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
    if (row.consumer === ALL_CONSUMERS) return this.runShared(row);
    const sub = this.registry.handlerFor(row.consumer);
    const started = performance.now();
    try {
      if (!sub) throw new Error(`no handler registered for consumer ${row.consumer}`);
      await this.handle(sub, row);
      await this.markDone(row);
      this.finish(row.consumer, row, 'done', started);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // The database going away is not the job's fault: it does not use up an attempt.
      const disconnected = isConnectionLoss(err);
      const attempts = disconnected ? row.attempts - 1 : row.attempts;
      const dead = !disconnected && row.attempts >= row.max_attempts;
      const runAt = this.retryAt(Math.max(1, attempts));
      this.logFailure(err, row.consumer, row, dead, disconnected);
      await this.record(
        sql`
        UPDATE outbox SET status = ${dead ? 'dead' : 'pending'}, run_at = ${runAt.toISOString()}::timestamptz,
          attempts = ${attempts}, locked_until = NULL, last_error = ${message.slice(0, 2000)}
        WHERE id = ${row.id}::bigint`,
      ).catch((e: unknown) => this.log.error({ err: e }, 'could not record outbox failure'));
      this.finish(
        row.consumer,
        row,
        dead ? 'dead' : disconnected ? 'disconnected' : 'retry',
        started,
      );
    }
  }

  /**
   * An event for every subscriber of its topic: each handler runs in turn. If all succeed the
   * row is done; if any fails, the row becomes one row per consumer (done for those that
   * succeeded, a retry or a dead letter for those that failed), so no consumer runs again
   * because another one failed.
   */
  private async runShared(row: ClaimedRow): Promise<void> {
    const subs = this.registry.subscribersOf(row.topic);
    if (subs.length === 0) {
      await this.run({ ...row, consumer: `${ALL_CONSUMERS}${row.topic}` });
      return;
    }
    const now = () => this.clock.now().toISOString();
    const outcomes: {
      consumer: string;
      status: string;
      run_at: string;
      max_attempts: number;
      last_error: string | null;
      done_at: string | null;
    }[] = [];
    const started = performance.now();
    for (const sub of subs) {
      try {
        await this.handle(sub, row);
        this.finish(sub.consumer, row, 'done', started);
        outcomes.push({
          consumer: sub.consumer,
          status: 'done',
          run_at: now(),
          max_attempts: sub.maxAttempts,
          last_error: null,
          done_at: now(),
        });
      } catch (err) {
        if (isConnectionLoss(err)) {
          // Without the database nothing can be split or recorded reliably: the whole event
          // goes back, without spending an attempt (its handlers are idempotent).
          this.logFailure(err, sub.consumer, row, false, true);
          this.finish(sub.consumer, row, 'disconnected', started);
          await this.record(
            sql`
            UPDATE outbox SET attempts = ${row.attempts - 1}, locked_until = NULL,
              run_at = ${this.retryAt(1).toISOString()}::timestamptz
            WHERE id = ${row.id}::bigint`,
          ).catch((e: unknown) => this.log.error({ err: e }, 'could not record outbox failure'));
          return;
        }
        const dead = row.attempts >= sub.maxAttempts;
        this.logFailure(err, sub.consumer, row, dead);
        this.finish(sub.consumer, row, dead ? 'dead' : 'retry', started);
        outcomes.push({
          consumer: sub.consumer,
          status: dead ? 'dead' : 'pending',
          run_at: this.retryAt(row.attempts).toISOString(),
          max_attempts: sub.maxAttempts,
          last_error: (err instanceof Error ? err.message : String(err)).slice(0, 2000),
          done_at: null,
        });
      }
    }
    if (outcomes.every((o) => o.status === 'done')) {
      await this.markDone(row);
      return;
    }
    await this.record(
      sql`
      WITH shared AS (DELETE FROM outbox WHERE id = ${row.id}::bigint
        RETURNING event_id, topic, payload, attempts, created_at)
      INSERT INTO outbox (event_id, consumer, topic, payload, status, run_at, attempts,
        max_attempts, last_error, done_at, created_at)
      SELECT s.event_id, c.consumer, s.topic, s.payload, c.status, c.run_at, s.attempts,
        c.max_attempts, c.last_error, c.done_at, s.created_at
      FROM shared s, json_to_recordset(${JSON.stringify(outcomes)}::json) AS c(consumer text,
        status text, run_at timestamptz, max_attempts int, last_error text, done_at timestamptz)`,
    ).catch((e: unknown) => this.log.error({ err: e }, 'could not record outbox failure'));
  }

  private async handle(
    sub: { consumer: string; handler: ConsumerHandler },
    row: ClaimedRow,
  ): Promise<void> {
    // Audit rows written by a job name the job's event as their request id.
    await runWithRequestId(`job:${sub.consumer}:${row.event_id}`, () =>
      sub.handler(
        { eventId: row.event_id, topic: row.topic, payload: row.payload, attempts: row.attempts },
        { now: this.clock.now() },
      ),
    );
  }

  private async markDone(row: ClaimedRow): Promise<void> {
    await this.record(
      sql`
      UPDATE outbox SET status = 'done', done_at = ${this.clock.now().toISOString()}::timestamptz,
        locked_until = NULL, last_error = NULL
      WHERE id = ${row.id}::bigint`,
    ).catch((e: unknown) =>
      // The lease runs out and the job runs again; handlers are idempotent.
      this.log.error({ err: e, eventId: row.event_id }, 'could not record outbox success'),
    );
  }

  /** A record of a job's outcome must survive a database blink, or the job runs again. */
  private async record(q: Parameters<Database['db']['execute']>[0]): Promise<void> {
    await retryWhileDisconnected(() => this.database.db.execute(q));
  }

  private finish(consumer: string, row: ClaimedRow, outcome: JobOutcome, started: number): void {
    const ms = performance.now() - started;
    this.opts.onJob?.(consumer, outcome, ms / 1000);
    if (this.opts.slowJobMs !== undefined && ms > this.opts.slowJobMs)
      this.log.warn(
        { consumer, eventId: row.event_id, ms: Math.round(ms), outcome },
        'slow outbox job',
      );
  }

  private retryAt(attempts: number): Date {
    return new Date(this.clock.now().getTime() + retryDelayMs(attempts, this.backoffBaseMs));
  }

  private logFailure(
    err: unknown,
    consumer: string,
    row: ClaimedRow,
    dead: boolean,
    disconnected = false,
  ): void {
    this.log[dead ? 'error' : 'warn'](
      { err, consumer, eventId: row.event_id, attempts: row.attempts },
      dead
        ? 'outbox event dead-lettered'
        : disconnected
          ? 'outbox handler lost the database; will retry'
          : 'outbox handler failed; will retry',
    );
  }
}
