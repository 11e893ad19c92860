import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { systemClock, type Clock } from '../clock/clock.js';
import type { Executor } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import { onCommit } from '../db/tx.js';
import type { WriteBatch } from '../db/write-batch.js';

export const OUTBOX_CHANNEL = 'outbox_wakeup';

/** Topic → payload schema. An untyped registry (tests of the outbox itself) takes any topic. */
export type EventSchemas = Record<string, z.ZodType>;
type TopicOf<S extends EventSchemas> = keyof S & string;
/** Any one event of the map, as an object: what plans hand over to be emitted. */
export type EventOf<S extends EventSchemas> = {
  [T in TopicOf<S>]: { topic: T; payload: z.input<S[T]> };
}[TopicOf<S>];

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

export type OutboxHandler<P = unknown> = (
  event: OutboxEvent<P>,
  ctx: HandlerContext,
) => Promise<void>;

export interface EmitOptions {
  runAt?: Date | undefined;
  eventId?: string | undefined;
}

interface Subscription {
  consumer: string;
  handler: OutboxHandler;
  maxAttempts: number;
}

/** What a worker needs of a registry: the handler of each consumer, the consumers of a topic. */
export interface ConsumerDirectory {
  handlerFor(consumer: string): Subscription | undefined;
  subscribersOf(topic: string): readonly Subscription[];
}

/**
 * The consumer name of an event row meant for every subscriber of its topic (a topic with more
 * than one): the worker runs them all, and splits the row into one per consumer only when one
 * of them fails, so each consumer's retries and dead letter stay its own.
 */
export const ALL_CONSUMERS = '*';

/**
 * Which consumers listen to which topics. Emitting writes one row per event in the caller's
 * transaction (consumer = the subscriber, or ALL_CONSUMERS when there are several), so an event
 * exists exactly when the state change that caused it was committed. Handlers must be
 * idempotent by event id: a row can run again after a crash or a lost lease. With a schema map,
 * topics and payloads are typed on both sides and every payload is parsed by its topic's
 * schema before its handler sees it.
 *
 * Workers are woken by NOTIFY after the emitting transaction commits, from outside it and
 * coalesced (one in flight per process), so committing transactions never queue on the
 * cluster-wide NOTIFY lock; the workers' poll is the safety net for a wake-up lost in a crash.
 */
export class OutboxRegistry<S extends EventSchemas = EventSchemas> implements ConsumerDirectory {
  /** Immediate events are due at the injected clock's now, the same clock workers claim by. */
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly schemas?: S,
  ) {}

  private readonly byTopic = new Map<string, Subscription[]>();
  /** Transactions that already asked for their wake-up; weak, so they are forgotten with the tx. */
  private readonly notified = new WeakSet<object>();
  private readonly byConsumer = new Map<string, Subscription>();
  /** A NOTIFY is on its way; `again` asks for one more after it (coalescing). */
  private sending = false;
  private again = false;

  subscribe<T extends TopicOf<S>>(
    topic: T,
    consumer: string,
    handler: OutboxHandler<z.output<S[T]>>,
    maxAttempts = 8,
  ): void {
    if (this.byConsumer.has(consumer)) throw new Error(`duplicate outbox consumer ${consumer}`);
    const schema = this.schemas?.[topic];
    const parsed: OutboxHandler = (event, ctx) =>
      handler(
        { ...event, payload: (schema ? schema.parse(event.payload) : event.payload) as never },
        ctx,
      );
    const sub = { consumer, handler: parsed, maxAttempts };
    this.byConsumer.set(consumer, sub);
    this.byTopic.set(topic, [...(this.byTopic.get(topic) ?? []), sub]);
  }

  handlerFor(consumer: string): Subscription | undefined {
    return this.byConsumer.get(consumer);
  }

  subscribersOf(topic: string): readonly Subscription[] {
    return this.byTopic.get(topic) ?? [];
  }

  /** Records an event for every subscriber of its topic, inside the caller's transaction. */
  async emit<T extends TopicOf<S>>(
    tx: Executor,
    topic: T,
    payload: z.input<S[T]>,
    opts: EmitOptions = {},
  ): Promise<string> {
    const { eventId, rows } = this.rowsFor(topic, payload, opts);
    if (rows.length === 0) return eventId;
    await tx.insert(outbox).values(rows).onConflictDoNothing();
    await this.wakeAfterCommit(tx);
    return eventId;
  }

  /** Like emit, but the rows and the wake-up go into the batch, written when it runs. */
  emitInto(batch: WriteBatch, event: EventOf<S>, opts: EmitOptions = {}): string {
    const { eventId, rows } = this.rowsFor(event.topic, event.payload, opts);
    if (rows.length === 0) return eventId;
    batch.insert(outbox, rows, { onConflictDoNothing: true });
    batch.onRun((tx) => void this.wakeAfterCommit(tx));
    return eventId;
  }

  /**
   * Wakes the workers once `tx` has committed. Outside a transaction the rows are committed
   * already; in a transaction withTx does not run (none in the app), NOTIFY goes in it as before.
   */
  private async wakeAfterCommit(tx: Executor): Promise<void> {
    const inTransaction = typeof (tx as { rollback?: unknown }).rollback === 'function';
    if (!inTransaction) return this.wake(tx);
    if (this.notified.has(tx)) return;
    this.notified.add(tx);
    if (onCommit(tx, (db) => this.wake(db))) return;
    await tx.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`);
  }

  /** One NOTIFY in flight per process; wake-ups meanwhile are folded into one more after it. */
  private wake(db: Executor): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    void (async () => {
      do {
        this.again = false;
        // A lost wake-up only delays the event until the workers' next poll.
        await db.execute(sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`).catch(() => undefined);
      } while (this.again);
      this.sending = false;
    })();
  }

  /** One row for the event: its subscriber's, or one for all of them. */
  private rowsFor(topic: string, payload: unknown, opts: EmitOptions) {
    const eventId = opts.eventId ?? randomUUID();
    const subs = this.byTopic.get(topic) ?? [];
    const [only] = subs;
    if (!only) return { eventId, rows: [] };
    const rows = [
      {
        eventId,
        consumer: subs.length === 1 ? only.consumer : ALL_CONSUMERS,
        topic,
        payload,
        maxAttempts: Math.max(...subs.map((s) => s.maxAttempts)),
        runAt: opts.runAt ?? this.clock.now(),
      },
    ];
    return { eventId, rows };
  }
}
