import { Gauge } from 'prom-client';
import type { Clock } from '../clock/clock.js';
import type { Database } from '../db/client.js';
import type { Metrics } from './metrics.js';
import { outboxBacklog, type OutboxBacklogRow } from './outbox-queries.js';
import { failedNotices, openRefunds } from './business-queries.js';

interface Snapshot {
  outbox: OutboxBacklogRow[];
  refunds: { status: string; n: number; oldest_s: number }[];
  notices: { channel: string; n: number }[];
}

/** Scrapes closer together than this share one set of queries. */
const SNAPSHOT_MS = 1_000;

/**
 * Gauges read from the database when scraped: the outbox backlog and dead letters per
 * consumer, the age of the oldest due job, open refunds by state and age, failed notices by
 * channel. They describe the whole system, not this process: every process reports the same
 * values, so aggregate them with max(), not sum().
 */
export function installBusinessMetrics(metrics: Metrics, database: Database, clock: Clock): void {
  let last: { at: number; value: Promise<Snapshot> } | null = null;
  const snapshot = (): Promise<Snapshot> => {
    if (last && Date.now() - last.at < SNAPSHOT_MS) return last.value;
    const now = clock.now();
    const { db } = database;
    const value = Promise.all([outboxBacklog(db, now), openRefunds(db, now), failedNotices(db)])
      .then(([outbox, refunds, notices]) => ({ outbox, refunds, notices }))
      // A scrape while the database is down reports nothing rather than failing the endpoint.
      .catch(() => ({ outbox: [], refunds: [], notices: [] }));
    last = { at: Date.now(), value };
    return value;
  };
  const registers = [metrics.registry];

  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (g: Gauge, s: Snapshot) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const s = await snapshot();
        this.reset();
        fill(this, s);
      },
    });

  gauge('btp_outbox_pending', 'Outbox jobs waiting, per consumer', ['consumer'], (g, s) => {
    for (const r of s.outbox) g.set({ consumer: r.consumer }, r.pending);
  });
  gauge(
    'btp_outbox_due',
    'Outbox jobs due now and not yet done, per consumer',
    ['consumer'],
    (g, s) => {
      for (const r of s.outbox) g.set({ consumer: r.consumer }, r.due);
    },
  );
  gauge(
    'btp_outbox_dead',
    'Outbox jobs that gave up (dead letters), per consumer',
    ['consumer'],
    (g, s) => {
      for (const r of s.outbox) g.set({ consumer: r.consumer }, r.dead);
    },
  );
  gauge(
    'btp_outbox_oldest_due_age_seconds',
    'How long the oldest due outbox job has waited (0 when none is due)',
    [],
    (g, s) => {
      g.set(Math.max(0, ...s.outbox.map((r) => r.oldest_due_s ?? 0)));
    },
  );
  gauge('btp_refunds_open', 'Refunds not yet final, per state', ['status'], (g, s) => {
    for (const r of s.refunds) g.set({ status: r.status }, r.n);
  });
  gauge(
    'btp_refunds_oldest_age_seconds',
    'Age of the oldest refund in each open state',
    ['status'],
    (g, s) => {
      for (const r of s.refunds) g.set({ status: r.status }, r.oldest_s);
    },
  );
  gauge(
    'btp_notices_failed',
    'Email and SMS notices that gave up, per channel',
    ['channel'],
    (g, s) => {
      for (const r of s.notices) g.set({ channel: r.channel }, r.n);
    },
  );
}
