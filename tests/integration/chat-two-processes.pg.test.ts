import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/platform/db/query.js';
import { sessions, supportChats } from '../../src/server/platform/db/schema/index.js';
import { hashToken } from '../../src/server/platform/http/session.js';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { ChatClient } from '../support/chat-client.js';
import { createUser } from '../support/factories.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { raceSeed, seededRandom } from './race-support.js';

// Two app processes on one PostgreSQL: the shopper talks to one, the agent to the other, and
// both jump between them at random (network drops, a load balancer choosing again). Every
// message reaches both sides exactly once and in the same order, through LISTEN/NOTIFY fan-out
// and resume-from-last-seq on reconnect.
const EACH_WAY = 500;

let testDb: TestDatabase;
let apps: AppProcess[] = [];
beforeAll(async () => {
  testDb = await createTestDatabase({ poolSize: 4 });
  const url = testDb.url ?? '';
  // Processes behind one load balancer share one public address (the Origin browsers send).
  const first = await startAppProcess({ databaseUrl: url });
  const second = await startAppProcess({ databaseUrl: url, publicUrl: first.baseUrl });
  apps = [first, second];
}, 120_000);
afterAll(async () => {
  for (const app of apps) await app.stop();
  await testDb?.drop();
});

async function sessionFor(userId: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await testDb.database.db
    .insert(sessions)
    .values({ idHash: hashToken(token), userId, expiresAt: new Date(Date.now() + 3_600_000) });
  return token;
}

describe('chat across two app processes', () => {
  it(`delivers ${EACH_WAY} messages each way through random reconnects, once each, in order`, async () => {
    const seed = raceSeed('chat-two-processes');
    const rand = seededRandom(seed);
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
    const [a, b] = apps;
    if (!a || !b) throw new Error('apps not started');
    const origin = a.baseUrl;
    const sides = {
      shopper: new ChatClient({
        baseUrl: a.baseUrl,
        chatId,
        sessionToken: await sessionFor(shopper.id),
        origin,
      }),
      agent: new ChatClient({
        baseUrl: b.baseUrl,
        chatId,
        sessionToken: await sessionFor(agent.id),
        origin,
      }),
    };
    await sides.shopper.connect();
    await sides.agent.connect();
    const pick = () => (rand() < 0.5 ? a.baseUrl : b.baseUrl);

    let reconnects = 0;
    let midFlightDrops = 0;
    const talk = async (name: 'shopper' | 'agent') => {
      const c = sides[name];
      for (let i = 0; i < EACH_WAY; i++) {
        if (rand() < 0.03) {
          c.drop();
          await c.connect(pick());
          reconnects++;
        }
        const stored = c.send(`${name}-${i}`);
        if (rand() < 0.02) {
          // Dropped before the acknowledgement: the message is sent again on the new socket.
          c.drop();
          await c.connect(pick());
          midFlightDrops++;
        }
        await stored;
      }
    };
    const t0 = Date.now();
    await Promise.all([talk('shopper'), talk('agent')]);
    const total = 2 * EACH_WAY;
    for (const c of Object.values(sides)) await c.waitFor(() => c.received.size >= total, 30_000);
    const elapsed = Date.now() - t0;

    for (const c of Object.values(sides)) {
      // Every seq once, in order, across all the sockets this side used.
      expect(c.arrivals).toEqual(Array.from({ length: total }, (_, k) => k + 1));
      const bodies = [...c.received.values()].map((m) => m.body);
      expect(new Set(bodies).size).toBe(total);
      for (const name of ['shopper', 'agent']) {
        const mine = bodies.filter((x) => x.startsWith(`${name}-`));
        expect(mine).toEqual(Array.from({ length: EACH_WAY }, (_, k) => `${name}-${k}`));
      }
    }
    const [stored] = await queryRows<{ n: number; max: number }>(
      db,
      sql`SELECT count(*)::int AS n, max(seq)::int AS max FROM support_chat_messages WHERE chat_id = ${chatId}`,
    );
    expect(stored).toEqual({ n: total, max: total });
    const [row] = await db.select().from(supportChats).where(eq(supportChats.id, chatId));
    expect(row?.lastSeq).toBe(total);
    console.log(
      '[chat-two-processes]',
      JSON.stringify({
        seed,
        reconnects,
        midFlightDrops,
        shopperConnects: sides.shopper.connects,
        agentConnects: sides.agent.connects,
        elapsedMs: elapsed,
      }),
    );
    await sides.shopper.close();
    await sides.agent.close();
  });
});
