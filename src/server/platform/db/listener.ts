import pg from 'pg';
import type { Logger } from 'pino';

export type ListenerState = 'idle' | 'up' | 'down';

export interface ListenerStatus {
  state: ListenerState;
  /** Since when the connection is down (ms since epoch); null while up or idle. */
  downSince: number | null;
  /** Times the connection came back since the process started. */
  reconnects: number;
}

export interface ListenerOptions {
  /** How often the connection proves it is alive with a SELECT 1 (catches half-open sockets). */
  pingMs?: number;
  /** Upper bound of the reconnect backoff. */
  maxBackoffMs?: number;
}

type Handler = (payload: string) => void;

const APPLICATION_NAME = 'btp-listener';

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The one LISTEN connection of a process (chat fan-out, outbox wake-ups). When the connection
 * is lost — a terminated backend, a restarted server, a dead socket found by the ping — it
 * reconnects with capped exponential backoff and LISTENs on every channel again, then tells
 * each subscriber to catch up, since any NOTIFY sent meanwhile is gone. `status()` feeds
 * /readyz so a load balancer sees the process as not ready while it is down.
 *
 * It connects directly to PostgreSQL (not through a transaction pooler, where LISTEN does not
 * work) under application_name `btp-listener`, so an operator can find it in pg_stat_activity.
 */
export class ResilientListener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private state: ListenerState = 'idle';
  private downSince: number | null = null;
  private reconnects = 0;
  private attempt = 0;
  private closing = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly channels = new Map<string, Set<Handler>>();
  private readonly resyncs = new Set<() => void>();
  private readonly pingMs: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly url: string,
    private readonly log: Logger | undefined,
    opts: ListenerOptions = {},
  ) {
    this.pingMs = opts.pingMs ?? 15_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 2_000;
  }

  status(): ListenerStatus {
    return { state: this.state, downSince: this.downSince, reconnects: this.reconnects };
  }

  /**
   * Subscribes to a channel; `onResync` runs after every reconnect. The first subscription
   * opens the connection and throws if it cannot (a process should not start without it).
   */
  async subscribe(
    channel: string,
    onPayload: Handler,
    onResync?: () => void,
  ): Promise<() => Promise<void>> {
    if (this.state === 'idle') {
      this.connecting ??= this.connect().finally(() => (this.connecting = null));
      await this.connecting;
    }
    let set = this.channels.get(channel);
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
      // While down, the reconnect LISTENs on it.
      if (this.client) await this.client.query(`LISTEN ${quoteIdent(channel)}`);
    }
    set.add(onPayload);
    if (onResync) this.resyncs.add(onResync);
    const handlers = set;
    return async () => {
      handlers.delete(onPayload);
      if (onResync) this.resyncs.delete(onResync);
      if (handlers.size === 0 && this.channels.get(channel) === handlers) {
        this.channels.delete(channel);
        await this.client?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    this.state = 'idle';
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    let dead = false;
    const onLost = (err?: unknown) => {
      dead = true;
      if (this.client === client) this.lost(client, err);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      for (const h of this.channels.get(msg.channel) ?? []) h(msg.payload ?? '');
    });
    try {
      await client.connect();
      const names = [...this.channels.keys()];
      if (names.length > 0)
        await client.query(names.map((n) => `LISTEN ${quoteIdent(n)}`).join('; '));
      if (dead) throw new Error('listener connection lost while starting');
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    this.state = 'up';
    this.pingTimer ??= setInterval(() => void this.ping(), this.pingMs).unref();
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.closing || this.client !== client) return;
    this.client = null;
    this.state = 'down';
    this.downSince = Date.now();
    this.log?.error({ err }, 'database listener connection lost; reconnecting');
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closing) return;
    const cap = Math.min(this.maxBackoffMs, 100 * 2 ** this.attempt);
    this.attempt++;
    const delay = cap / 2 + (Math.random() * cap) / 2;
    this.retryTimer = setTimeout(() => void this.reconnect(), delay);
    this.retryTimer.unref();
  }

  private async reconnect(): Promise<void> {
    this.retryTimer = null;
    if (this.closing) return;
    try {
      await this.connect();
    } catch (err) {
      this.log?.warn({ err, attempt: this.attempt }, 'database listener reconnect failed');
      this.scheduleReconnect();
      return;
    }
    const downMs = this.downSince === null ? 0 : Date.now() - this.downSince;
    this.attempt = 0;
    this.downSince = null;
    this.reconnects++;
    this.log?.warn({ downMs }, 'database listener reconnected');
    // Whatever was announced while we were away is lost: let every subscriber catch up.
    for (const resync of this.resyncs) resync();
  }

  /** A socket can die without a word (a network cut); a query that does not return tells. */
  private async ping(): Promise<void> {
    const client = this.client;
    if (!client || this.closing) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('listener ping timed out')), 5_000);
        }),
      ]);
    } catch (err) {
      this.lost(client, err);
    } finally {
      clearTimeout(timer);
    }
  }
}
