import { getTableColumns, getTableName, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';
import { executeNamed } from './named.js';

interface TableRows {
  table: PgTable;
  rows: Record<string, unknown>[];
  onConflictDoNothing: boolean;
}

/**
 * Writes whose results nothing in the transaction reads back, held until `run` and then sent as
 * one statement of data-modifying WITH queries: one round trip instead of one per write.
 *
 * Rows for the same table go into one INSERT in the order they were added, so ids (and
 * timelines ordered by id) follow that order; PostgreSQL runs separate WITH queries in no set
 * order. The parts all see the database as it was before the statement, so no row may be
 * changed by two parts, and nothing may read what the batch holds until it has run.
 *
 * Rows travel as one JSON parameter per table (`json_populate_recordset`), so the statement's
 * text depends only on which tables and columns are written, not on how many rows: its pieces
 * are built once and the per-call work is one JSON.stringify (see docs/benchmarks.md).
 */
export class WriteBatch {
  private readonly inserts = new Map<string, TableRows>();
  private readonly changes: SQL[] = [];
  private readonly channels = new Set<string>();
  private readonly afterRun: ((tx: Executor) => void)[] = [];

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

  /** Called with the transaction once the batch's statement has run in it. */
  onRun(fn: (tx: Executor) => void): void {
    this.afterRun.push(fn);
  }

  /** Rows waiting to be inserted into `table`, in order (for building a response without a read). */
  pendingRows<T extends PgTable>(table: T): T['$inferInsert'][] {
    const name = getTableName(table);
    return [...this.inserts.values()]
      .filter((e) => getTableName(e.table) === name)
      .flatMap((e) => e.rows as T['$inferInsert'][]);
  }

  get isEmpty(): boolean {
    return (
      this.inserts.size === 0 &&
      this.changes.length === 0 &&
      this.channels.size === 0 &&
      this.afterRun.length === 0
    );
  }

  /** Sends everything held as one statement and empties the batch. */
  async run(tx: Executor): Promise<void> {
    if (this.isEmpty) return;
    const built = [...this.inserts.values()].map((e) => insertOf(tx, e));
    const fixedText = built.every((b) => b.fixed);
    const parts = [...built.map((b) => b.sql), ...this.changes];
    const notices = [...this.channels].map((c) => sql`pg_notify(${c}, '')`);
    const tail = notices.length > 0 ? sql`SELECT ${sql.join(notices, sql`, `)}` : sql`SELECT 1`;
    const statement =
      parts.length === 0
        ? tail
        : sql`WITH ${sql.join(
            parts.map((p, i) => sql`${sql.raw(`w${i}`)} AS (${p})`),
            sql`, `,
          )} ${tail}`;
    const afterRun = this.afterRun.splice(0);
    this.inserts.clear();
    this.changes.length = 0;
    this.channels.clear();
    if (parts.length === 0 && notices.length === 0) {
      for (const fn of afterRun) fn(tx);
      return;
    }
    // A text built only from fixed pieces is prepared once per connection (named.ts); rows that
    // fell back to drizzle's builder make a text that depends on the row count: sent unnamed.
    if (fixedText) await executeNamed(tx, statement);
    else await tx.execute(statement);
    for (const fn of afterRun) fn(tx);
  }
}

/** `INSERT … SELECT … FROM json_populate_recordset(…)` text around the rows, per table and columns. */
const insertTexts = new Map<string, { head: string; tail: string }>();

function insertOf(tx: Executor, e: TableRows): { sql: SQL; fixed: boolean } {
  const keys = Object.keys(e.rows[0] ?? {});
  const columns = getTableColumns(e.table) as Record<string, PgColumn>;
  const uniform =
    keys.length > 0 &&
    keys.every((k) => columns[k]) &&
    e.rows.every((r) => {
      const own = Object.keys(r);
      return own.length === keys.length && own.every((k, i) => k === keys[i] && !isSqlValue(r[k]));
    });
  // Rows with differing columns (drizzle fills the gaps with DEFAULT) or SQL values: the builder.
  if (!uniform) {
    const insert = tx.insert(e.table).values(e.rows);
    return {
      sql: (e.onConflictDoNothing ? insert.onConflictDoNothing() : insert).getSQL(),
      fixed: false,
    };
  }
  const cols = keys.map((k) => columns[k]!);
  const name = getTableName(e.table);
  const shape = `${name}:${keys.join(',')}:${e.onConflictDoNothing}`;
  let text = insertTexts.get(shape);
  if (!text) {
    const list = cols.map((c) => `"${c.name}"`).join(', ');
    text = {
      head: `INSERT INTO "${name}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${name}", `,
      tail: `::json)${e.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : ''}`,
    };
    insertTexts.set(shape, text);
  }
  const json = e.rows.map((r) => {
    const out: Record<string, unknown> = {};
    keys.forEach((k, i) => (out[cols[i]!.name] = toJson(cols[i]!, r[k])));
    return out;
  });
  return {
    sql: sql`${sql.raw(text.head)}${sql.param(JSON.stringify(json))}${sql.raw(text.tail)}`,
    fixed: true,
  };
}

/** A value as json_populate_recordset reads it: JSON columns as they are, others as the driver would send them. */
function toJson(column: PgColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.dataType === 'json') return value;
  return column.mapToDriverValue(value);
}

function isSqlValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'getSQL' in value;
}
