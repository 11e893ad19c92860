import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<void>;
  /** What the process wrote so far (its last 64 kB). */
  output(): string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, from the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real app process (`main.ts serve`) on PostgreSQL, as production runs several behind a load
 * balancer. Resolves once it printed its banner. Payments and mail point nowhere: the processes
 * under test here do not use them.
 */
export async function startAppProcess(opts: {
  databaseUrl: string;
  publicUrl?: string;
  port?: number;
  env?: Record<string, string>;
  /** Run the built server (dist/) rather than the sources through tsx. */
  built?: boolean;
  /** How long it may take to print its banner (default 45 s). */
  readyTimeoutMs?: number;
}): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-app-'));
  const entry = opts.built
    ? ['dist/server/main.js', 'serve']
    : ['--import', 'tsx', 'src/server/main.ts', 'serve'];
  const child = spawn(process.execPath, entry, {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: opts.publicUrl ?? baseUrl,
      DATABASE_URL: opts.databaseUrl,
      DB_POOL_SIZE: '8',
      DATA_DIR: dataDir,
      SANDBOX_PAY_URL: 'http://127.0.0.1:9',
      SMTP_URL: 'smtp://127.0.0.1:9',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind the failed test.
      child.kill('SIGKILL');
      reject(new Error(`app not ready: ${output}`));
    }, opts.readyTimeoutMs ?? 45_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`app exited before it was ready: ${output}`));
    });
  });
  // Keep the pipes drained so the process never blocks on a full one; keep the tail.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-65_536));
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    child,
    baseUrl,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
