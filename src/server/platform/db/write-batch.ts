import { getTableName, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

interface TableRows {
  table: PgTable;
  rows: Record<string, unknown>[];
  onConflictDoNothing: boolean;
}

/**
 * Writes whose results nothing in the transaction reads back, held until `run` and then sent as
 * one statement of data-modifying WITH queries: one round trip instead of one per write.
 *
 * Rows for the same table go into one multi-row INSERT in the order they were added, so ids
 * (and timelines ordered by id) follow that order; PostgreSQL runs separate WITH queries in no
 * set order. The parts all see the database as it was before the statement, so no row may be
 * changed by two parts, and nothing may read what the batch holds until it has run.
 */
export class WriteBatch {
  private readonly inserts = new Map<string, TableRows>();
  private readonly changes: SQL[] = [];
  private readonly channels = new Set<string>();

  insert<T extends PgTable>(
    table: T,
    rows: T['$inferInsert'] | T['$inferInsert'][],
    opts: { onConflictDoNothing?: boolean } = {},
  ): void {
    const onConflictDoNothing = opts.onConflictDoNothing ?? false;
    const key = `${getTableName(table)}:${onConflictDoNothing ? 'skip' : 'plain'}`;
    const entry = this.inserts.get(key) ?? { table, rows: [], onConflictDoNothing };
    entry.rows.push(...(Array.isArray(rows) ? rows : [rows]));
    this.inserts.set(key, entry);
  }

  /** An UPDATE (or other data-modifying statement) built by the caller. */
  change(statement: SQLWrapper): void {
    this.changes.push(statement.getSQL());
  }

  /** NOTIFY on commit, as pg_notify in the same statement. */
  notify(channel: string): void {
    this.channels.add(channel);
  }

  /** Rows waiting to be inserted into `table`, in order (for building a response without a read). */
  pendingRows<T extends PgTable>(table: T): T['$inferInsert'][] {
    const name = getTableName(table);
    return [...this.inserts.values()]
      .filter((e) => getTableName(e.table) === name)
      .flatMap((e) => e.rows as T['$inferInsert'][]);
  }

  get isEmpty(): boolean {
    return this.inserts.size === 0 && this.changes.length === 0 && this.channels.size === 0;
  }

  /** Sends everything held as one statement and empties the batch. */
  async run(tx: Executor): Promise<void> {
    if (this.isEmpty) return;
    const parts = [
      ...[...this.inserts.values()].map((e) => {
        const insert = tx.insert(e.table).values(e.rows);
        return (e.onConflictDoNothing ? insert.onConflictDoNothing() : insert).getSQL();
      }),
      ...this.changes,
    ];
    const notices = [...this.channels].map((c) => sql`pg_notify(${c}, '')`);
    const tail = notices.length > 0 ? sql`SELECT ${sql.join(notices, sql`, `)}` : sql`SELECT 1`;
    const statement =
      parts.length === 0
        ? tail
        : sql`WITH ${sql.join(
            parts.map((p, i) => sql`${sql.identifier(`w${i}`)} AS (${p})`),
            sql`, `,
          )} ${tail}`;
    this.inserts.clear();
    this.changes.length = 0;
    this.channels.clear();
    await tx.execute(statement);
  }
}
