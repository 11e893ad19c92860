import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { supportChats } from '../../src/server/platform/db/schema/index.js';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { ChatClient } from '../support/chat-client.js';
import { createUser } from '../support/factories.js';
import { createSession } from '../support/http-client.js';
import { startTcpGate, type TcpGate } from '../support/tcp-gate.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { waitFor } from './worker-process.js';

// The LISTEN connection of an app process is terminated with pg_terminate_backend, as an
// operator (or a failover) would. The process notices, reports itself not ready on /readyz and
// in /metrics, logs it, reconnects with backoff, and chat resumes: a message stored while it was
// down reaches the other side within 5 s of the database being reachable again.
//
// The listener connects through a TCP gate (LISTEN_DATABASE_URL) the test can shut: with the
// gate shut the reconnect cannot succeed, so the "down" state is observed without timing.
const TOKEN = 'metrics-token-for-the-listener-test';

let testDb: TestDatabase;
let gate: TcpGate;
let app: AppProcess;
beforeAll(async () => {
  testDb = await createTestDatabase({ poolSize: 2 });
  const direct = new URL(testDb.url ?? '');
  gate = await startTcpGate({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaGate = new URL(direct);
  viaGate.hostname = '127.0.0.1';
  viaGate.port = String(gate.port);
  app = await startAppProcess({
    databaseUrl: direct.toString(),
    env: { LISTEN_DATABASE_URL: viaGate.toString(), METRICS_TOKEN: TOKEN },
  });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await gate?.close();
  await testDb?.drop();
});

async function readyz(): Promise<{ status: number; body: any }> {
  const res = await fetch(`${app.baseUrl}/readyz`);
  return { status: res.status, body: await res.json() };
}

async function metric(name: string): Promise<number> {
  const res = await fetch(`${app.baseUrl}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

/** pg_terminate_backend of this database's listener connection(s); returns how many. */
async function terminateListener(): Promise<number> {
  const rows = await queryRows<{ ok: boolean }>(
    testDb.database.db,
    sql`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'btp-listener'`,
  );
  return rows.length;
}

describe('the LISTEN connection of an app process', () => {
  it('comes back after pg_terminate_backend; /readyz shows it down meanwhile; chat resumes by itself', async () => {
    const db = testDb.database.db;
    const shopper = await createUser(db);
    const agent = await createUser(db, 'agent');
    const [chat] = await db
      .insert(supportChats)
      .values({
        shopperId: shopper.id,
        agentId: agent.id,
        status: 'active',
        openedAt: new Date(),
        takenAt: new Date(),
      })
      .returning();
    const chatId = chat?.id ?? 0;
    const side = async (userId: number) =>
      new ChatClient({
        baseUrl: app.baseUrl,
        chatId,
        sessionToken: await createSession(db, userId),
      });
    const shopperSide = await side(shopper.id);
    const agentSide = await side(agent.id);
    await shopperSide.connect();
    await agentSide.connect();

    const seq1 = await shopperSide.send('在吗？');
    await agentSide.waitFor(() => agentSide.received.has(seq1));
    expect(await readyz()).toMatchObject({ status: 200, body: { checks: { listener: 'up' } } });
    expect(await metric('btp_db_listener_up')).toBe(1);
    // Without the token, /metrics on the app port is refused.
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(401);

    // Cut the listener and hold its reconnect back.
    gate.shut();
    expect(await terminateListener()).toBe(1);
    const sawDown = await waitFor(async () => (await readyz()).status === 503, 10_000);
    expect(sawDown).toBe(true);
    const down = await readyz();
    expect(down.body.error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { database: 'ok', listener: 'down' },
    });
    expect(typeof down.body.error.requestId).toBe('string');
    expect(await metric('btp_db_listener_up')).toBe(0);

    // Stored while this process hears nothing: the agent's socket cannot have it yet.
    const seq2 = await shopperSide.send('订单什么时候发货？');
    expect(agentSide.received.has(seq2)).toBe(false);

    // The database is reachable again: the message arrives by itself (the backoff is capped
    // at 2 s; the wait allows for a busy machine, the time taken is printed below).
    gate.open();
    const reopened = Date.now();
    await agentSide.waitFor(() => agentSide.received.has(seq2), 30_000);
    const resumedMs = Date.now() - reopened;
    expect(await waitFor(async () => (await readyz()).status === 200, 30_000)).toBe(true);
    expect(await metric('btp_db_listener_reconnects')).toBe(1);

    // Terminated again with nothing in the way: it comes back by itself, chat goes on.
    const t0 = Date.now();
    expect(await terminateListener()).toBe(1);
    const seq3 = await agentSide.send('明天发货。');
    await shopperSide.waitFor(() => shopperSide.received.has(seq3), 30_000);
    const secondMs = Date.now() - t0;
    expect(
      await waitFor(async () => (await metric('btp_db_listener_reconnects')) === 2, 30_000),
    ).toBe(true);
    // In order, once each, on both sides.
    expect(agentSide.arrivals).toEqual([seq1, seq2, seq3]);
    expect(shopperSide.arrivals).toEqual([seq1, seq2, seq3]);

    // The operator can see what happened in the process's log.
    const log = app.output();
    expect(log).toContain('database listener connection lost; reconnecting');
    expect(log).toContain('database listener reconnected');
    console.log('[listener-reconnect]', JSON.stringify({ resumedMs, secondMs }));
    await shopperSide.close();
    await agentSide.close();
  }, 180_000);
});
