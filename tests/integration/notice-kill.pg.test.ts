import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_CHANGED_TOPIC } from '../../src/server/modules/accounts/events.js';
import { notices, outgoingMessages, users } from '../../src/server/platform/db/schema/index.js';
import { withTx } from '../../src/server/platform/db/tx.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { raceSeed, seededRandom } from './race-support.js';
import { expireDeadLeases, startWorker, waitFor, type WorkerProcess } from './worker-process.js';

// Never lost, doubled only in the one window nobody can close: 300 shoppers are each told by
// email and SMS that their password changed, by a worker running as its own process that is
// SIGKILLed at random moments and restarted. Every email and SMS arrives; a second copy is
// allowed only when a kill fell between the mail server's acceptance and our record of it.
const SHOPPERS = 300;
const CONCURRENCY = 4;

let stack: TestStack;
const workers = new Set<ChildProcess>();
beforeAll(async () => {
  stack = await startTestStack({ poolSize: 8 });
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await stack?.close();
});

function startNoticeWorker(): Promise<WorkerProcess> {
  return startWorker(
    {
      DATABASE_URL: stack.testDb.url,
      DB_POOL_SIZE: '6',
      SMTP_URL: stack.smtp.url,
      PUBLIC_URL: stack.baseUrl,
      SANDBOX_PAY_URL: stack.sandboxUrl,
      WORKER_CONCURRENCY: String(CONCURRENCY),
    },
    workers,
  );
}

describe('a notice worker killed mid-send', () => {
  it(`delivers ${SHOPPERS} emails and SMS through 3-5 SIGKILLs, doubling only across a kill`, async () => {
    const rand = seededRandom(raceSeed('notice-kill'));
    const tag = randomBytes(4).toString('hex');
    const shoppers = await stack.db
      .insert(users)
      .values(
        Array.from({ length: SHOPPERS }, (_, i) => ({
          email: `kill-${tag}-${i}@example.test`,
          mobile: `137${String(10_000_000 + i).slice(-8)}`,
          passwordHash: 'not-used',
          displayName: `shopper ${i}`,
          role: 'shopper' as const,
        })),
      )
      .returning({ id: users.id, email: users.email, mobile: users.mobile });
    const ids = shoppers.map((s) => s.id);
    await withTx(stack.db, async (tx) => {
      for (const s of shoppers)
        await stack.runtime.deps.outbox.emit(tx, PASSWORD_CHANGED_TOPIC, { userId: s.id });
    });

    const sentSoFar = async () => {
      const [row] = await stack.db
        .select({ n: sql<number>`count(*)::int` })
        .from(notices)
        .where(
          and(
            inArray(notices.userId, ids),
            eq(notices.status, 'sent'),
            sql`${notices.channel} <> 'in_app'`,
          ),
        );
      return Number(row?.n ?? 0);
    };

    let worker = await startNoticeWorker();
    // Each kill lands while sending is under way: after a random share of the deliveries.
    const killedAt: number[] = [];
    const sentAtKill: number[] = [];
    const killCount = 3 + Math.floor(rand() * 3);
    for (let k = 0; k < killCount; k++) {
      const target = Math.floor(((k + rand()) / (killCount + 1)) * SHOPPERS * 2);
      await waitFor(async () => (await sentSoFar()) >= target, 30_000);
      worker.child.kill('SIGKILL');
      await worker.exited;
      killedAt.push(Date.now());
      sentAtKill.push(await sentSoFar());
      await expireDeadLeases(stack.db);
      worker = await startNoticeWorker();
    }

    const unsent = async () => {
      const [row] = await stack.db
        .select({ n: sql<number>`count(*)::int` })
        .from(notices)
        .where(and(inArray(notices.userId, ids), sql`${notices.status} <> 'sent'`));
      return Number(row?.n ?? 0);
    };
    const composed = async () => {
      const [row] = await stack.db
        .select({ n: sql<number>`count(*)::int` })
        .from(notices)
        .where(inArray(notices.userId, ids));
      return Number(row?.n ?? 0);
    };
    expect(
      await waitFor(
        async () => (await composed()) === SHOPPERS * 3 && (await unsent()) === 0,
        60_000,
      ),
    ).toBe(true);
    worker.child.kill('SIGTERM');
    await worker.exited;

    // One notice per (event, channel, shopper), whatever the kills.
    const rows = await stack.db.select().from(notices).where(inArray(notices.userId, ids));
    expect(rows).toHaveLength(SHOPPERS * 3);

    // Every email and SMS arrived; count the copies each recipient got.
    const recipients = new Set([...shoppers.map((s) => s.email), ...shoppers.map((s) => s.mobile)]);
    const sent = (
      await stack.db
        .select()
        .from(outgoingMessages)
        .where(inArray(outgoingMessages.recipient, [...recipients]))
    ).filter((m) => m.subject.includes('登录密码已修改') || m.body.includes('登录密码已修改'));
    const copies = new Map<string, Date[]>();
    for (const m of sent)
      copies.set(m.recipient, [...(copies.get(m.recipient) ?? []), m.createdAt]);
    expect([...recipients].filter((r) => !copies.has(r))).toEqual([]);

    // A second copy must straddle a kill: the first accepted before it, the next after it.
    const doubled = [...copies.entries()].filter(([, at]) => at.length > 1);
    for (const [recipient, at] of doubled) {
      const [first, second] = at.sort((a, b) => a.getTime() - b.getTime());
      // killedAt is taken once the child has exited and the capture server stamps a message
      // when it has read it, so both sides get a second of slack on a loaded machine.
      const straddles = killedAt.some(
        (k) => first!.getTime() - 1_000 <= k && k <= second!.getTime() + 1_000,
      );
      expect(straddles, `${recipient} got two copies with no kill between them`).toBe(true);
    }
    // At most the sends in flight at each kill.
    expect(doubled.length).toBeLessThanOrEqual(killCount * CONCURRENCY);
    const emailDoubled = doubled.filter(([r]) => r.includes('@')).length;
    const smsDoubled = doubled.length - emailDoubled;

    const failed = await stack.db
      .select({ id: notices.id })
      .from(notices)
      .where(and(inArray(notices.userId, ids), eq(notices.status, 'failed')));
    expect(failed).toEqual([]);

    console.log(
      '[notice-kill]',
      JSON.stringify({
        shoppers: SHOPPERS,
        deliveries: SHOPPERS * 2,
        kills: killCount,
        sentAtKill,
        emailDoubled,
        smsDoubled,
        doubledShare: `${((100 * doubled.length) / (SHOPPERS * 2)).toFixed(2)}%`,
      }),
    );
  }, 150_000);
});
