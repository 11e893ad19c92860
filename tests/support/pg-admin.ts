import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The template database name changes whenever a migration changes. */
export function templateName(): string {
  const dir = path.resolve('drizzle');
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) {
    if (f.endsWith('.sql')) hash.update(fs.readFileSync(path.join(dir, f)));
  }
  return `btp_tmpl_${hash.digest('hex').slice(0, 12)}`;
}

export function urlFor(database: string): string {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL): ${(err as Error).message}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
