import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type pg from 'pg';

export interface WalWindow {
  /** WAL written by the whole cluster over the window (pg_current_wal_lsn difference). */
  clusterBytes: number;
  /**
   * WAL of this database alone: every record of a transaction that touched it, and records of
   * its relations outside transactions (from pg_waldump; null when the WAL cannot be read).
   */
  databaseBytes: number | null;
  /** …of which full-page images (the first change of each page after a checkpoint). */
  databaseFpiBytes: number | null;
  /** Commit records of this database's transactions. */
  databaseCommits: number | null;
  /** WAL fsyncs (pg_stat_wal.wal_sync) and commit records of every database, cluster-wide. */
  clusterSyncs: number;
  clusterCommits: number | null;
}

const WALDUMP = ['/usr/lib/postgresql/15/bin/pg_waldump', '/usr/lib/postgresql/16/bin/pg_waldump'];

/** The server's WAL directory, when this process can read it (the server is on this host). */
export async function walDirOf(admin: pg.Client): Promise<string | undefined> {
  const { rows } = await admin.query<{ dir: string }>(
    "SELECT current_setting('data_directory') AS dir",
  );
  const dir = `${rows[0]!.dir}/pg_wal`;
  try {
    fs.readdirSync(dir);
    return dir;
  } catch {
    return undefined;
  }
}

export const waldumpPath = () => WALDUMP.find((p) => fs.existsSync(p)) ?? 'pg_waldump';

interface Tally {
  bytes: number;
  fpi: number;
  commits: number;
  clusterCommits: number;
}

/**
 * Measures the WAL a database writes over a window. The server is shared, so the cluster-wide
 * figures include everyone's work; the database's own bytes are counted record by record with
 * pg_waldump (PostgreSQL on this host, read as root or postgres). Segments are recycled at
 * every checkpoint (and other people's DROP DATABASE asks for one), so the WAL is read every
 * two seconds while the window is open, not once at its end.
 */
export async function startWalWindow(
  admin: pg.Client,
  database: string,
): Promise<{ stop(): Promise<WalWindow> }> {
  const { rows } = await admin.query<{ oid: string; lsn: string; syncs: string }>(
    `SELECT (SELECT oid::text FROM pg_database WHERE datname = $1) AS oid,
       pg_current_wal_flush_lsn()::text AS lsn, (SELECT wal_sync FROM pg_stat_wal)::text AS syncs`,
    [database],
  );
  const start = rows[0]!;
  const dir = await walDirOf(admin);
  const waldump = waldumpPath();
  const tally: Tally = { bytes: 0, fpi: 0, commits: 0, clusterCommits: 0 };
  let readable = dir !== undefined;
  let from = start.lsn;
  const readUpTo = async () => {
    const { rows: now } = await admin.query<{ lsn: string }>(
      'SELECT pg_current_wal_flush_lsn()::text AS lsn',
    );
    const to = now[0]!.lsn;
    if (readable && dir && to !== from)
      readable = await readWal(waldump, dir, from, to, start.oid, tally);
    from = to;
  };
  let reading: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    reading = reading.then(readUpTo).catch(() => undefined);
  }, 2_000);
  return {
    async stop() {
      clearInterval(timer);
      await reading;
      // pg_stat_wal lags by up to a second behind the backends.
      await new Promise((r) => setTimeout(r, 1_100));
      await readUpTo();
      const { rows: end } = await admin.query<{ bytes: string; syncs: string }>(
        `SELECT pg_wal_lsn_diff(pg_current_wal_flush_lsn(), $1::pg_lsn)::text AS bytes,
           (SELECT wal_sync FROM pg_stat_wal)::text AS syncs`,
        [start.lsn],
      );
      return {
        clusterBytes: Number(end[0]!.bytes),
        databaseBytes: readable ? tally.bytes : null,
        databaseFpiBytes: readable ? tally.fpi : null,
        databaseCommits: readable ? tally.commits : null,
        clusterSyncs: Number(end[0]!.syncs) - Number(start.syncs),
        clusterCommits: readable ? tally.clusterCommits : null,
      };
    },
  };
}

/**
 * The per-record work runs in the child processes (pg_waldump piped into awk), not in this
 * one: the app under measurement shares this process, and its CPU is what the bench reports.
 * The awk program applies the same rule as below in one pass: records of a transaction that
 * touched the database (by its relations' path) and its relations' records outside transactions.
 */
const AWK = String.raw`
/^rmgr:/ {
  tx = "0"; if (match($0, /tx: +[0-9]+/)) { tx = substr($0, RSTART, RLENGTH); sub(/tx: +/, "", tx) }
  mine = index($0, ours) > 0
  commit = index($0, "desc: COMMIT") > 0
  if (commit) cluster++
  if (mine && tx != "0") txs[tx] = 1
  if (!((tx in txs) || (tx == "0" && mine))) next
  match($0, /len \(rec\/tot\): +[0-9]+\/ *[0-9]+/)
  split(substr($0, RSTART, RLENGTH), parts, /[:\/]/)
  rec = parts[2] + 0; tot = parts[3] + 0
  bytes += tot
  if (index($0, "FPW") > 0) fpi += tot - rec
  if (commit) commits++
}
END { printf "%d %d %d %d\n", bytes, fpi, commits, cluster }`;

/** Adds the records between two LSNs to the tally; false when the WAL could not be read. */
async function readWal(
  waldump: string,
  dir: string,
  from: string,
  to: string,
  oid: string,
  tally: Tally,
): Promise<boolean> {
  const out = await new Promise<string>((resolve) => {
    // pg_waldump exits non-zero when the range ends inside a record; what it printed is good.
    execFile(
      'bash',
      [
        '-c',
        `"$0" -p "$1" -s "$2" -e "$3" 2>/dev/null | awk -v ours="/$4/" "$5"`,
        waldump,
        dir,
        from,
        to,
        oid,
        AWK,
      ],
      { maxBuffer: 1 << 20 },
      (_err, stdout) => resolve(stdout),
    );
  });
  const [bytes, fpi, commits, cluster] = out.trim().split(' ').map(Number);
  if (bytes === undefined || Number.isNaN(bytes) || cluster === 0) return false;
  // Transactions that span two reads: the set above restarts per read, so a transaction whose
  // first record of ours fell in the previous read still counts here by its relations' records.
  tally.bytes += bytes;
  tally.fpi += fpi ?? 0;
  tally.commits += commits ?? 0;
  tally.clusterCommits += cluster ?? 0;
  return true;
}
