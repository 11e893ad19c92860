import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';
import { namedStatementsOn } from './named-setting.js';

const dialect = new PgDialect();
const names = new Map<string, string>();

/**
 * The name a statement is prepared under on each connection: derived from its text, so one
 * text has one name everywhere and a connection parses and plans it once, then only binds and
 * executes it (node-postgres keeps track of what each connection has prepared). PGlite ignores
 * the name, and so does a process told not to use names (`useNamedStatements`). Only statements whose text does not depend on their values may be named: every
 * distinct text stays prepared on its connection for the connection's life.
 */
export function statementName(text: string): string | undefined {
  if (!namedStatementsOn()) return undefined;
  let name = names.get(text);
  if (!name) {
    name = `s${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** Runs a statement of fixed text as a named prepared statement, in the caller's transaction. */
export async function executeNamed(db: Executor, statement: SQL): Promise<void> {
  const query = dialect.sqlToQuery(statement);
  await db._.session.prepareQuery(query, undefined, statementName(query.sql), false).execute();
}
