import type pg from 'pg';

export interface StatementStat {
  query: string;
  calls: number;
  plans: number;
  planMs: number;
  execMs: number;
  rows: number;
  walBytes: number;
  walRecords: number;
  walFpi: number;
  blocksHit: number;
  blocksDirtied: number;
}

/**
 * Per-statement figures from pg_stat_statements, for servers that load it
 * (bench/statement-cluster.sh); null elsewhere. Reset when started, read when stopped.
 */
export async function startStatementStats(
  admin: pg.Client,
): Promise<{ stop(): Promise<StatementStat[]> } | null> {
  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await admin.query('SELECT pg_stat_statements_reset()');
  } catch {
    return null;
  }
  return {
    async stop() {
      const { rows } = await admin.query<StatementStat>(
        `SELECT query, calls::float8 AS calls, plans::float8 AS plans,
           total_plan_time AS "planMs", total_exec_time AS "execMs", rows::float8 AS rows,
           wal_bytes::float8 AS "walBytes", wal_records::float8 AS "walRecords",
           wal_fpi::float8 AS "walFpi", shared_blks_hit::float8 AS "blocksHit",
           shared_blks_dirtied::float8 AS "blocksDirtied"
         FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query NOT LIKE '%pg_stat_statements%'
         ORDER BY total_exec_time + total_plan_time DESC`,
      );
      return rows;
    },
  };
}
