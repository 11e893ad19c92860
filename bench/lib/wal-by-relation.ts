import { execFile } from 'node:child_process';
import type pg from 'pg';
import { walDirOf, waldumpPath } from './wal.js';

export interface WalPart {
  /** A table or index of the database, or the kind of record that names none (commit, …). */
  part: string;
  records: number;
  bytes: number;
  /** …of which full-page images. */
  fpiBytes: number;
}

/**
 * Where a database's WAL goes between two LSNs: every record of a transaction that touched the
 * database, grouped by the relation of its first block (heap and index records apart) or, for
 * records without one, by resource manager and record type. Read on a server with nobody else
 * writing (bench/statement-cluster.sh), so the window can be read in one pass.
 */
export async function walByRelation(
  admin: pg.Client,
  database: string,
  fromLsn: string,
  toLsn: string,
): Promise<WalPart[] | null> {
  const dir = await walDirOf(admin);
  if (!dir) return null;
  const { rows: db } = await admin.query<{ oid: string }>(
    'SELECT oid::text FROM pg_database WHERE datname = $1',
    [database],
  );
  const out = await new Promise<string>((resolve) => {
    execFile(
      'bash',
      [
        '-c',
        `"$0" -p "$1" -s "$2" -e "$3" 2>/dev/null | awk -v ours="/$4/" "$5"`,
        waldumpPath(),
        dir,
        fromLsn,
        toLsn,
        db[0]!.oid,
        AWK,
      ],
      { maxBuffer: 16 << 20 },
      (_err, stdout) => resolve(stdout),
    );
  });
  const tallies = out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [key = '', records, bytes, fpi] = l.split('\t');
      return { key, records: Number(records), bytes: Number(bytes), fpiBytes: Number(fpi) };
    });
  if (tallies.length === 0) return null;
  const nodes = tallies.map((t) => /^rel:(\d+)$/.exec(t.key)?.[1]).filter((n) => n !== undefined);
  const { rows: names } = await admin.query<{ node: string; name: string }>(
    `SELECT pg_relation_filenode(c.oid)::text AS node, c.relname AS name
       FROM pg_class c WHERE pg_relation_filenode(c.oid)::text = ANY($1::text[])`,
    [nodes],
  );
  const nameOf = new Map(names.map((r) => [r.node, r.name]));
  const parts = new Map<string, WalPart>();
  for (const t of tallies) {
    const node = /^rel:(\d+)$/.exec(t.key)?.[1];
    const part = node ? (nameOf.get(node) ?? `relation ${node}`) : t.key;
    const p = parts.get(part) ?? { part, records: 0, bytes: 0, fpiBytes: 0 };
    p.records += t.records;
    p.bytes += t.bytes;
    p.fpiBytes += t.fpiBytes;
    parts.set(part, p);
  }
  return [...parts.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Same selection rule as wal.ts; keys: "rel:<filenode>" or "<rmgr> <record type>". */
const AWK = String.raw`
/^rmgr:/ {
  tx = "0"; if (match($0, /tx: +[0-9]+/)) { tx = substr($0, RSTART, RLENGTH); sub(/tx: +/, "", tx) }
  mine = index($0, ours) > 0
  if (mine && tx != "0") txs[tx] = 1
  if (!((tx in txs) || (tx == "0" && mine))) next
  match($0, /len \(rec\/tot\): +[0-9]+\/ *[0-9]+/)
  split(substr($0, RSTART, RLENGTH), parts, /[:\/]/)
  rec = parts[2] + 0; tot = parts[3] + 0
  key = ""
  if (match($0, /blkref #0: rel [0-9]+\/[0-9]+\/[0-9]+/)) {
    n = split(substr($0, RSTART, RLENGTH), ids, "/"); key = "rel:" ids[n]
  } else {
    split($0, f, /, +desc: +/); split(f[2], d, / /)
    r = $2; key = r " " d[1]
  }
  count[key]++; bytes[key] += tot
  if (index($0, "FPW") > 0) fpi[key] += tot - rec
}
END { for (k in count) printf "%s\t%d\t%d\t%d\n", k, count[k], bytes[k], fpi[k] + 0 }`;
