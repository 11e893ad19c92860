/**
 * How many chat WebSockets one app process holds with delivery p99 under 100 ms: N connections
 * (N/2 chats, a shopper and an agent socket each) on one `dist/server/main.js serve` process on
 * PostgreSQL, every socket sending one message per 10 s at a random phase. Latency is from the
 * sender's send to the peer's receipt (same machine, same clock), through store, commit,
 * NOTIFY, LISTEN and the push. Also the server's RSS with no sockets and with N.
 *
 *   npx tsx bench/chat-connections.ts     (BENCH_LEVELS=1000,2000,5000 BENCH_SECONDS=40)
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import WebSocket from 'ws';
import { hashToken } from '../src/server/platform/http/session.js';
import { startAppProcess, type AppProcess } from '../tests/support/app-process.js';
import { freshDatabase } from './lib/pg.js';
import { printTable, summarise } from './lib/stats.js';

const LEVELS = (process.env['BENCH_LEVELS'] ?? '1000,2000,5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0 && n <= 10_000);
const SECONDS = Math.min(300, Number(process.env['BENCH_SECONDS'] ?? 40));
const INTERVAL_MS = 10_000;
const CONNECT_CONCURRENCY = 50;

if (!fs.existsSync('dist/server/main.js')) {
  console.log('building the server (tsc -p tsconfig.build.json)…');
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

interface Side {
  chatId: number;
  token: string;
  socket?: WebSocket;
}

/** N/2 shoppers with a session each, one agent, N/2 active chats between them. */
async function seed(url: string, chats: number): Promise<Side[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tag = randomBytes(3).toString('hex');
  const agent = await client.query<{ id: string }>(
    `INSERT INTO users (email, mobile, password_hash, display_name, role)
     VALUES ($1, $2, 'x', '客服', 'agent') RETURNING id`,
    [`bench-agent-${tag}@bench.test`, `170${tag.slice(0, 4)}0000`.slice(0, 11)],
  );
  const agentId = Number(agent.rows[0]?.id);
  const shoppers = await client.query<{ id: string }>(
    `INSERT INTO users (email, mobile, password_hash, display_name, role)
     SELECT 'bench-' || $1 || '-' || g || '@bench.test', '18' || lpad(g::text, 9, '0'), 'x',
            '顾客' || g, 'shopper'
     FROM generate_series(1, $2::int) g RETURNING id`,
    [tag, chats],
  );
  const sides: Side[] = [];
  const agentToken = `bench-agent-${tag}`;
  await client.query(
    `INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
    [hashToken(agentToken), agentId],
  );
  for (const row of shoppers.rows) {
    const token = `bench-shopper-${row.id}`;
    await client.query(
      `INSERT INTO sessions (id_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
      [hashToken(token), row.id],
    );
    const chat = await client.query<{ id: string }>(
      `INSERT INTO support_chats (shopper_id, agent_id, status, opened_at, taken_at)
       VALUES ($1, $2, 'active', now(), now()) RETURNING id`,
      [row.id, agentId],
    );
    const chatId = Number(chat.rows[0]?.id);
    sides.push({ chatId, token }, { chatId, token: agentToken });
  }
  await client.end();
  return sides;
}

function connect(app: AppProcess, side: Side, onMessage: (body: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `${app.baseUrl.replace('http', 'ws')}/api/v1/support/chats/${side.chatId}/ws?after=0`,
      { headers: { cookie: `btp_sid=${side.token}`, origin: app.baseUrl } },
    );
    side.socket = ws;
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; message?: { body: string } };
      if (frame.type === 'message' && frame.message) onMessage(frame.message.body);
    });
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

async function runLevel(n: number) {
  const db = await freshDatabase('btp_bench_chat');
  const app = await startAppProcess({
    databaseUrl: db.url,
    built: true,
    env: { LOG_LEVEL: 'error', DB_POOL_SIZE: '16' },
  });
  try {
    const sides = await seed(db.url, n / 2);
    await new Promise((r) => setTimeout(r, 2_000));
    const rssIdle = rssMiB(app.child.pid ?? 0);
    const latencies: number[] = [];
    let measuring = false;
    let received = 0;
    const onMessage = (body: string) => {
      received++;
      const sentAt = Number(body.split(' ')[0]);
      if (measuring && sentAt > 0)
        latencies.push(performance.timeOrigin + performance.now() - sentAt);
    };
    const t0 = Date.now();
    for (let i = 0; i < sides.length; i += CONNECT_CONCURRENCY) {
      await Promise.all(
        sides.slice(i, i + CONNECT_CONCURRENCY).map((s) => connect(app, s, onMessage)),
      );
    }
    const connectMs = Date.now() - t0;
    // Each socket sends every 10 s from a random phase; the first 10 s warm up.
    let sent = 0;
    const timers = sides.map((s) => {
      const tick = () => {
        const now = performance.timeOrigin + performance.now();
        s.socket?.send(
          JSON.stringify({
            type: 'send',
            clientId: randomBytes(8).toString('hex'),
            body: `${now} hi`,
          }),
        );
        sent++;
      };
      const first = setTimeout(() => {
        tick();
        timers2.push(setInterval(tick, INTERVAL_MS));
      }, Math.random() * INTERVAL_MS);
      return first;
    });
    const timers2: NodeJS.Timeout[] = [];
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
    measuring = true;
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(rssMiB(app.child.pid ?? 0)), 1_000);
    await new Promise((r) => setTimeout(r, SECONDS * 1_000));
    measuring = false;
    clearInterval(sampler);
    for (const t of [...timers, ...timers2]) clearTimeout(t);
    await new Promise((r) => setTimeout(r, 1_000));
    const rssLoaded = Math.max(...rssSamples);
    for (const s of sides) s.socket?.terminate();
    const lat = summarise(latencies);
    return {
      connections: n,
      chats: n / 2,
      connectS: connectMs / 1000,
      deliveriesPerS: latencies.length / SECONDS,
      delivered: lat.count,
      p50ms: lat.p50,
      p99ms: lat.p99,
      maxms: lat.max,
      rssIdleMiB: rssIdle,
      rssMiB: rssLoaded,
      rssPer1kMiB: ((rssLoaded - rssIdle) * 1000) / n,
      sent,
      received,
    };
  } finally {
    await app.stop();
    await db.drop();
  }
}

const rows = [];
for (const n of LEVELS) {
  console.log(`${n} connections for ${SECONDS} s…`);
  const row = await runLevel(n);
  console.log(JSON.stringify(row));
  rows.push(row);
}
printTable(rows);
