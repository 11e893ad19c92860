/**
 * Errors that say "the database connection went away or could not be made" rather than "this
 * statement was wrong": a server restart or shutdown, a terminated backend, a refused or reset
 * socket, the pool's connect timeout, a pooler (pgbouncer) that lost its server. The same
 * request or job can succeed once the database is back.
 */
const CONNECTION_STATES = new Set([
  '57P01', // admin_shutdown (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
]);

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** node-postgres and pg-pool report a lost or impossible connection in these words. */
const MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'Query read timeout',
  'server closed the connection unexpectedly',
];

export function isConnectionLoss(err: unknown): boolean {
  let e: unknown = err;
  // drizzle wraps driver errors (DrizzleQueryError.cause); look a few levels down.
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (CONNECTION_STATES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code))
        return true;
    }
    if (typeof message === 'string' && MESSAGES.some((m) => message.includes(m))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Runs an idempotent database write again while the connection is lost, with backoff, for up
 * to `maxMs`. For records that must not be dropped because the database blinked: "the email
 * was accepted", "the job is done". Any other error is thrown at once. The default stays under
 * the outbox lease (60 s): past it another worker may take the job, and the record is moot.
 */
export async function retryWhileDisconnected<T>(
  fn: () => Promise<T>,
  opts: { maxMs?: number; onRetry?: (err: unknown, attempt: number) => void } = {},
): Promise<T> {
  const until = Date.now() + (opts.maxMs ?? 45_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionLoss(err) || Date.now() >= until) throw err;
      opts.onRetry?.(err, attempt);
      const delay = Math.min(2_000, 50 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay / 2 + (Math.random() * delay) / 2));
    }
  }
}
