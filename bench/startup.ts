/**
 * `npm start`-like startup: `node dist/server/main.js serve` on a temporary data folder
 * (embedded PGlite, sandbox provider, SMTP capture, worker). The first start creates, migrates
 * and seeds the folder; the next RUNS starts reuse it. Measures time until /readyz answers 200
 * and the process RSS then.
 *
 *   npx tsx bench/startup.ts              (BENCH_RUNS=3; builds dist/server if missing)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { printTable } from './lib/stats.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const READY_BUDGET_MS = 120_000;
const STOP_BUDGET_MS = 30_000;
const MAIN = 'dist/server/main.js';

if (!fs.existsSync(MAIN)) {
  console.log('building the server (tsc -p tsconfig.build.json)…');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} was not built`);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resident and peak resident set size of a process, in MiB (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

async function isReady(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, {
      signal: AbortSignal.timeout(1_000),
    });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function startOnce(dataDir: string) {
  const [port, sandboxPort, smtpPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    SANDBOX_PAY_PORT: String(sandboxPort),
    SMTP_CAPTURE_PORT: String(smtpPort),
    LOG_LEVEL: 'warn',
  };
  // Embedded everything, as `npm start` on a laptop: no external database, provider or SMTP.
  for (const key of ['DATABASE_URL', 'SANDBOX_PAY_URL', 'SMTP_URL', 'PUBLIC_URL']) delete env[key];

  const t0 = performance.now();
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('spawn failed');
  try {
    while (!(await isReady(port))) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
      if (performance.now() - t0 > READY_BUDGET_MS) throw new Error('not ready in time');
      await sleep(20);
    }
    const readyMs = performance.now() - t0;
    const atReady = memoryOf(pid);
    await sleep(2_000);
    const settled = memoryOf(pid);
    return { readyMs, rssAtReady: atReady.rss, rssAfter2s: settled.rss, peak: settled.peak };
  } finally {
    const t1 = performance.now();
    process.kill(pid, 'SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_BUDGET_MS);
    await exited(child);
    clearTimeout(killer);
    const stopMs = performance.now() - t1;
    if (stopMs > 5_000) console.log(`note: stopping took ${stopMs.toFixed(0)} ms`);
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-bench-startup-'));
console.log(
  `load average before: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
try {
  const rows = [];
  for (let run = 0; run <= RUNS; run++) {
    const r = await startOnce(dataDir);
    rows.push({
      run: run === 0 ? 'first (create + migrate + seed)' : `restart ${run} (existing folder)`,
      'ready ms': r.readyMs,
      'RSS at ready MiB': r.rssAtReady,
      'RSS +2 s MiB': r.rssAfter2s,
      'peak RSS MiB': r.peak,
    });
  }
  printTable(rows);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
