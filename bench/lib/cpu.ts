import fs from 'node:fs';
import type pg from 'pg';

/** Linux clock ticks per second (USER_HZ); 100 on every mainstream kernel build. */
const TICKS_PER_S = 100;

/** utime + stime of a process in ms, or undefined once it has exited. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces: state is field 3.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1);
  const n = cpu.map(Number);
  const idle = (n[3] ?? 0) + (n[4] ?? 0);
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuWindow {
  /** CPU of the database's client backends (the admin connection excluded), in ms. */
  backendMs: number;
  /** Share of all cores busy over the window, 0..1 (everything on the machine). */
  machineBusy: number;
}

/**
 * Measures, over a window, the CPU used by PostgreSQL backends serving `database` (polled from
 * pg_stat_activity every 250 ms, so backends that connect during the window are counted from
 * zero) and how busy the machine was. PostgreSQL must run on this host (127.0.0.1).
 */
export function startCpuWindow(admin: pg.Client, database: string): { stop(): Promise<CpuWindow> } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const machine0 = machineTicks();
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      [database],
    );
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms === undefined) continue;
      if (!last.has(pid)) first.set(pid, polled ? 0 : ms);
      last.set(pid, ms);
    }
  };
  let polled = false;
  polling = poll().then(() => void (polled = true));
  const timer = setInterval(() => {
    polling = polling.then(poll).catch(() => undefined);
  }, 250);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      await poll();
      const machine1 = machineTicks();
      let backendMs = 0;
      for (const [pid, ms] of last) backendMs += ms - (first.get(pid) ?? 0);
      return {
        backendMs,
        machineBusy: (machine1.busy - machine0.busy) / (machine1.total - machine0.total),
      };
    },
  };
}
