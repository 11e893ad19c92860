let named = true;

/**
 * Whether statements of fixed text go named (named.ts). A transaction pooler hands each
 * transaction a server connection of its own choosing, where a name prepared on another one
 * does not exist (pgbouncer before 1.21, or without `max_prepared_statements`): there they
 * must go unnamed. One setting per process, as a process has one database.
 */
export function useNamedStatements(on: boolean): void {
  named = on;
}

export function namedStatementsOn(): boolean {
  return named;
}
