import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** What a newcomer does: start the server on an embedded data folder, twice. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-cli-'));
const basePort = 3400 + (process.pid % 200) * 3;
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(basePort),
  HOST: '127.0.0.1',
  SANDBOX_PAY_PORT: String(basePort + 1),
  SMTP_CAPTURE_PORT: String(basePort + 2),
  LOG_LEVEL: 'warn',
};
const started: ChildProcess[] = [];

function start(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'serve'], {
    env,
  });
  started.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitReady(p: { child: ChildProcess; output: () => string }): Promise<void> {
  const { output } = p;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null)
      throw new Error(`server exited ${p.child.exitCode}:\n${output()}`);
    const ok = await fetch(`http://127.0.0.1:${basePort}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become ready:\n${output()}`);
}

async function stop(p: { child: ChildProcess; exited: Promise<number | null> }): Promise<void> {
  p.child.kill('SIGTERM');
  await p.exited;
}

async function shopperOrders(): Promise<{ status: string; preparing: boolean }[]> {
  const jar: string[] = [];
  const session = await fetch(`http://127.0.0.1:${basePort}/api/v1/session`);
  jar.push(...session.headers.getSetCookie().map((c) => c.split(';')[0]!));
  const csrf = jar.find((c) => c.startsWith('btp_csrf='))!.split('=')[1]!;
  const login = await fetch(`http://127.0.0.1:${basePort}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: jar.join('; ') },
    body: JSON.stringify({ account: '13800000001', password: 'Demo@2026' }),
  });
  expect(login.status).toBe(200);
  jar.push(...login.headers.getSetCookie().map((c) => c.split(';')[0]!));
  const list = await fetch(`http://127.0.0.1:${basePort}/api/v1/orders?limit=50`, {
    headers: { cookie: jar.join('; ') },
  });
  return ((await list.json()) as { items: { status: string; preparing: boolean }[] }).items;
}

afterAll(() => {
  for (const c of started) if (c.exitCode === null) c.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on the embedded database', () => {
  it('seeds demo data, refuses a second process on the same folder, and reuses the data', async () => {
    const first = start();
    await waitReady(first);
    expect(first.output()).toContain('shopper@btepai.test');
    expect(first.output()).toContain('Demo@2026');

    const orders = await shopperOrders();
    const count = (pred: (o: { status: string; preparing: boolean }) => boolean) =>
      orders.filter(pred).length;
    expect(count((o) => o.status === 'pending_payment')).toBeGreaterThanOrEqual(2);
    expect(count((o) => o.status === 'awaiting_shipment' && !o.preparing)).toBeGreaterThanOrEqual(
      2,
    );
    expect(count((o) => o.status === 'awaiting_shipment' && o.preparing)).toBeGreaterThanOrEqual(2);
    expect(count((o) => o.status === 'shipped')).toBeGreaterThanOrEqual(2);
    expect(count((o) => o.status === 'completed')).toBeGreaterThanOrEqual(2);
    expect(count((o) => o.status === 'cancelled')).toBeGreaterThanOrEqual(2);

    const second = start();
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain('Another B特派 process is using the data folder');

    await stop(first);
    const again = start();
    await waitReady(again);
    expect((await shopperOrders()).length).toBe(orders.length);
    await stop(again);
  }, 180_000);
});
