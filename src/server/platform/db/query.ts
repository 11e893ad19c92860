import type { SQL } from 'drizzle-orm';
import type { Executor } from './client.js';

/**
 * Runs raw SQL and returns its rows on either driver. Cast values in SQL (::int, ::text):
 * the drivers differ in how they return bigint and numeric columns.
 */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
