import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Executor } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import type { WriteBatch } from '../db/write-batch.js';

export const OUTBOX_CHANNEL = 'outbox_wakeup';

export interface OutboxEvent<P = unknown> {
  eventId: string;
  topic: string;
  payload: P;
  attempts: number;
}

export interface HandlerContext {
  /** Time of the claim, from the injected clock. */
  now: Date;
}

export type OutboxHandler = (event: OutboxEvent, ctx: HandlerContext) => Promise<void>;

interface Subscription {
  consumer: string;
  handler: OutboxHandler;
  maxAttempts: number;
}

/**
 * Which consumers listen to which topics. Emitting writes one row per consumer in the caller's
 * transaction, so an event exists exactly when the state change that caused it was committed.
 * Handlers must be idempotent by event id: a row can run again after a crash or a lost lease.
 */
export class OutboxRegistry {
  /** Immediate events are due at the injected clock's now, the same clock workers claim by. */
  constructor(private readonly clock: Clock = systemClock) {}

  private readonly byTopic = new Map<string, Subscription[]>();
  /** Transactions that already sent their wake-up; weak, so they are forgotten with the tx. */
  private readonly notified = new WeakSet<object>();
  private readonly byConsumer = new Map<string, Subscription>();

  subscribe(topic: string, consumer: string, handler: OutboxHandler, maxAttempts = 8): void {
    if (this.byConsumer.has(consumer)) throw new Error(`duplicate outbox consumer ${consumer}`);
    const sub = { consumer, handler, maxAttempts };
    this.byConsumer.set(consumer, sub);
    this.byTopic.set(topic, [...(this.byTopic.get(topic) ?? []), sub]);
  }

  handlerFor(consumer: string): Subscription | undefined {
    return this.byConsumer.get(consumer);
  }

  /** Records an event for every subscriber of its topic, inside the caller's transaction. */
  async emit(
    tx: Executor,
    topic: string,
    payload: unknown,
    opts: { runAt?: Date; eventId?: string } = {},
  ): Promise<string> {
    const { eventId, rows } = this.rowsFor(topic, payload, opts);
    if (rows.length === 0) return eventId;
    await tx.insert(outbox).values(rows).onConflictDoNothing();
    // NOTIFY is transactional: workers wake only once the event is committed. One per
    // transaction is enough (PostgreSQL folds identical ones anyway; this saves round trips).
    const inTransaction = typeof (tx as { rollback?: unknown }).rollback === 'function';
    if (!inTransaction || !this.notified.has(tx)) {
      if (inTransaction) this.notified.add(tx);
      await tx.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
    }
    return eventId;
  }

  /** Like emit, but the rows and the wake-up go into the batch, written when it runs. */
  emitInto(
    batch: WriteBatch,
    topic: string,
    payload: unknown,
    opts: { runAt?: Date; eventId?: string } = {},
  ): string {
    const { eventId, rows } = this.rowsFor(topic, payload, opts);
    if (rows.length === 0) return eventId;
    batch.insert(outbox, rows, { onConflictDoNothing: true });
    batch.notify(OUTBOX_CHANNEL);
    return eventId;
  }

  /** One row per subscriber of the topic. */
  private rowsFor(topic: string, payload: unknown, opts: { runAt?: Date; eventId?: string }) {
    const eventId = opts.eventId ?? randomUUID();
    const rows = (this.byTopic.get(topic) ?? []).map((s) => ({
      eventId,
      consumer: s.consumer,
      topic,
      payload,
      maxAttempts: s.maxAttempts,
      runAt: opts.runAt ?? this.clock.now(),
    }));
    return { eventId, rows };
  }
}
