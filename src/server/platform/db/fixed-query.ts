import type { Query } from 'drizzle-orm';
import type { SelectedFieldsOrdered } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';
import { statementName } from './named.js';

/** What drizzle's `.prepare()` returns, with the parts needed to run it elsewhere. */
interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
  getQuery(): Query;
}

interface Built {
  name: string | undefined;
  query: Query;
  fields: SelectedFieldsOrdered | undefined;
  joinsNotNullableMap: unknown;
}

/**
 * A statement of fixed shape that drizzle builds once per process instead of on every call.
 * Building (column lists, parameters, drizzle's type checks) was the largest CPU cost of a
 * cancel (docs/benchmarks.md). Values are bound by name through `sql.placeholder`; the built
 * statement then runs on whatever transaction or database it is given, with drizzle's own row
 * mapping. On PostgreSQL it is a named prepared statement, parsed and planned once per
 * connection and kept valid inside any transaction on it.
 *
 * `make` must not depend on anything but its argument: it runs once.
 */
export function fixedQuery<R>(
  make: (db: Executor) => { prepare(name: string): Prepared<R> },
): (db: Executor, values: Record<string, unknown>) => Promise<R> {
  let built: Built | null = null;
  return (db, values) => {
    if (!built) {
      // drizzle keeps the ordered result fields and join nullability on the prepared query.
      // Its name is not used: the statement runs below through the caller's session, under a
      // name of its own text (named.ts), so each connection parses and plans it once.
      const prepared = make(db).prepare('fixed') as Prepared<R> & {
        fields?: SelectedFieldsOrdered;
        joinsNotNullableMap?: unknown;
      };
      const query = prepared.getQuery();
      built = {
        name: statementName(query.sql),
        query,
        fields: prepared.fields,
        joinsNotNullableMap: prepared.joinsNotNullableMap,
      };
    }
    const statement = db._.session.prepareQuery(built.query, built.fields, built.name, true);
    Object.assign(statement, { joinsNotNullableMap: built.joinsNotNullableMap });
    return statement.execute(values) as Promise<R>;
  };
}
