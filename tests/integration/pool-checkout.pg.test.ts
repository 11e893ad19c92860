import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { startTcpGate, type TcpGate } from '../support/tcp-gate.js';

// A connection that dies while a transaction holds it must go back to the pool. Behind
// pgbouncer during a PostgreSQL restart, BEGIN waits for a server and pgbouncer closes the
// client after query_wait_timeout; before this was handled each such BEGIN leaked its
// connection, and once the pool was used up the process answered 503 for good although the
// database was back. A pool of one connection through a TCP gate shows it: one lost BEGIN,
// then the next transaction must still get a connection.
let gate: TcpGate;
let database: Database;
beforeAll(async () => {
  const direct = new URL(
    process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
  );
  gate = await startTcpGate({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaGate = new URL(direct);
  viaGate.hostname = '127.0.0.1';
  viaGate.port = String(gate.port);
  database = await openDatabase({ url: viaGate.toString(), poolSize: 1, connectTimeoutMs: 3_000 });
});
afterAll(async () => {
  await database?.close();
  await gate?.close();
});

async function selectOne(): Promise<unknown> {
  return database.db.transaction(async (tx) => {
    const [row] = await queryRows<{ one: number }>(tx, sql`SELECT 1 AS one`);
    return row?.one;
  });
}

describe('a pooled connection lost inside a transaction', () => {
  it('goes back to the pool when BEGIN itself fails', async () => {
    expect(await selectOne()).toBe(1);
    gate.cutOnNextSend(true);
    await expect(selectOne()).rejects.toThrow();
    gate.cutOnNextSend(false);
    expect(await selectOne()).toBe(1);
  });

  it('goes back once when a statement after BEGIN fails, with the connection error', async () => {
    const failure = database.db
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT 1`);
        gate.cutOnNextSend(true);
        await tx.execute(sql`SELECT 2`);
      })
      .then(
        () => null,
        (err: Error) => err,
      );
    const err = await failure;
    gate.cutOnNextSend(false);
    expect(err).toBeInstanceOf(Error);
    // Not the pool's "released twice" error: the caller sees what happened to the connection.
    expect(String(err)).not.toMatch(/already been released/);
    expect(await selectOne()).toBe(1);
  });
});
