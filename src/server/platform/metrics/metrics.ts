import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.js';

/**
 * The process's Prometheus figures, built once by the composition root and shared by the HTTP
 * app, the outbox worker and the webhook routes. Business gauges (read from the database at
 * scrape time) are added by `installBusinessMetrics`.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  jobs: Counter<'consumer' | 'outcome'>;
  jobSeconds: Histogram<'consumer'>;
  /** Incoming webhooks refused, by sender and reason (bad signature, stale, unknown refund…). */
  webhookRejects: Counter<'source' | 'reason'>;
  /** Rows the retention job deleted, by table. */
  retentionDeleted: Counter<'table'>;
}

export function createMetrics(database: Database): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'btp_db_listener_up',
    help: '1 while the LISTEN connection (chat fan-out, outbox wake-ups) is connected',
    registers: [registry],
    collect() {
      this.set(database.listenerStatus().state === 'down' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'btp_db_listener_reconnects',
    help: 'Times the LISTEN connection came back since the process started',
    registers: [registry],
    collect() {
      this.set(database.listenerStatus().reconnects);
    },
  });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'btp_outbox_jobs_total',
      help: 'Outbox jobs run by this process, by consumer and outcome (done, retry, dead, disconnected)',
      labelNames: ['consumer', 'outcome'],
      registers: [registry],
    }),
    jobSeconds: new Histogram({
      name: 'btp_outbox_job_duration_seconds',
      help: 'Time an outbox handler took, by consumer',
      labelNames: ['consumer'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    webhookRejects: new Counter({
      name: 'btp_webhook_rejects_total',
      help: 'Incoming webhooks refused, by sender and reason',
      labelNames: ['source', 'reason'],
      registers: [registry],
    }),
    retentionDeleted: new Counter({
      name: 'btp_retention_deleted_total',
      help: 'Rows the retention job deleted, by table',
      labelNames: ['table'],
      registers: [registry],
    }),
  };
}
