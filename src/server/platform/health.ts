import { sql } from 'drizzle-orm';
import type { Database } from './db/client.js';
import type { WorkerHealth } from './outbox/worker.js';

export interface Readiness {
  ok: boolean;
  checks: {
    database: 'ok' | 'down';
    listener: 'up' | 'down' | 'idle';
    worker?: 'ok' | 'stalled' | 'claims failing' | 'stopped';
  };
}

const DB_CHECK_MS = 2_000;

/**
 * Whether this process can do its work: the database answers, the LISTEN connection is up
 * (without it chat stops reaching this process's sockets), and — in a process that runs the
 * outbox worker — its claim loop goes round and its claims succeed.
 */
export async function readiness(
  database: Database,
  worker?: { health(): WorkerHealth; pollMs: number },
): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const dbOk = await Promise.race([
    database.db.execute(sql`SELECT 1`).then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), DB_CHECK_MS);
    }),
  ]);
  clearTimeout(timer);
  const listener = database.listenerStatus().state;
  const checks: Readiness['checks'] = { database: dbOk ? 'ok' : 'down', listener };
  if (worker) {
    const h = worker.health();
    const stalledAfter = Math.max(30_000, worker.pollMs * 10);
    checks.worker = !h.running
      ? 'stopped'
      : h.claimFailing
        ? 'claims failing'
        : Date.now() - h.lastLoopAt > stalledAfter
          ? 'stalled'
          : 'ok';
  }
  const ok = dbOk && listener !== 'down' && (checks.worker ?? 'ok') === 'ok';
  return { ok, checks };
}
