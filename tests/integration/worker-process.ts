import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<void>;
}

/**
 * Starts `main.ts worker` as its own process with `env` on top of ours; resolves once it logged
 * "worker started". Every started worker is kept in `live` until it exits.
 */
export async function startWorker(
  env: Record<string, string | undefined>,
  live: Set<ChildProcess>,
  readyTimeoutMs = 20_000,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'worker'], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      live.delete(child);
      resolve();
    }),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker not ready: ${output}`));
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker exited before it was ready: ${output}`));
    });
  });
  // Keep the pipes drained so the worker never blocks on a full one.
  child.stdout?.resume();
  child.stderr?.resume();
  return { child, exited };
}

/**
 * A dead worker's claims come free when their lease runs out. With no worker alive, every
 * claimed pending row is one of its: let the leases run out now. Returns how many there were.
 */
export async function expireDeadLeases(db: Db): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE outbox SET locked_until = NULL
      WHERE status = 'pending' AND locked_until IS NOT NULL RETURNING id::text AS id`,
  );
  return rows.length;
}

export async function waitFor(cond: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
