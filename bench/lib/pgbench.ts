import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarise, type LatencySummary } from './stats.js';

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  /** pgbench's own average latency (ms). */
  latencyAvg: number;
  /** From the per-transaction log (-l). */
  latency: LatencySummary;
  output: string;
}

/**
 * Runs pgbench with a custom script and per-transaction logging into a temporary folder
 * (removed afterwards); pgbench is killed (by its PID) if it overruns its time budget.
 */
export async function runPgbench(
  url: string,
  args: string[],
  budgetMs: number,
): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-pgbench-'));
  try {
    const child = spawn('pgbench', [...args, '-l', `--log-prefix=${path.join(dir, 'tx')}`, url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const guard = setTimeout(() => {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      }, budgetMs);
      child.once('error', reject);
      child.once('exit', (c) => {
        clearTimeout(guard);
        resolve(c);
      });
    });
    if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${output}`);
    const num = (re: RegExp) => Number(re.exec(output)?.[1] ?? NaN);
    // Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
    const latencies: number[] = [];
    for (const f of fs.readdirSync(dir)) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) latencies.push(us / 1000);
      }
    }
    return {
      tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
      transactions: num(/number of transactions actually processed: (\d+)/),
      failed: num(/number of failed transactions: (\d+)/) || 0,
      latencyAvg: num(/latency average = ([\d.]+) ms/),
      latency: summarise(latencies),
      output,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
