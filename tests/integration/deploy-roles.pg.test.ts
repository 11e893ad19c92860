import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { startSmtpCapture, type SmtpCapture } from '../../src/server/platform/mail/smtp-capture.js';
import { startAppProcess, type AppProcess } from '../support/app-process.js';
import { latestCode } from '../support/mailbox.js';
import { urlFor, withAdmin } from '../support/pg-admin.js';
import { startWorker, waitFor, type WorkerProcess } from './worker-process.js';
import type { ChildProcess } from 'node:child_process';

// A production deploy as docs/operations.md describes it, with two roles on an empty database:
// the owner migrates; the app role serves and works with row rights only.
const tag = randomBytes(4).toString('hex');
const owner = `btp_owner_${tag}`;
const appRole = `btp_app_${tag}`;
const dbName = `btp_deploy_${tag}`;

function urlAs(role: string): string {
  const u = new URL(urlFor(dbName));
  u.username = role;
  return u.toString();
}

interface Finished {
  code: number | null;
  output: string;
}

/** Runs `main.ts <args>` to its end, as a deployer would from a shell. */
function runMain(args: string[], env: Record<string, string>, stdin?: string): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.stdin.end(stdin ?? '');
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const live = new Set<ChildProcess>();
let smtp: SmtpCapture;
/** Alipay's settings, with an application key and an "Alipay" key made here. */
function alipaySettings(): Record<string, string> {
  const pem = () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  };
  return {
    PAYMENT_PROVIDERS: 'alipay',
    ALIPAY_APP_ID: '2021000000000001',
    ALIPAY_PRIVATE_KEY: pem().privateKey,
    ALIPAY_PUBLIC_KEY: pem().publicKey,
    ALIPAY_GATEWAY: 'http://127.0.0.1:9/gateway.do',
  };
}

let admin: Database;
let app: AppProcess | undefined;
let worker: WorkerProcess | undefined;
let production: Record<string, string>;

beforeAll(async () => {
  await withAdmin(async (c) => {
    await c.query(`CREATE ROLE "${owner}" LOGIN`);
    await c.query(`CREATE ROLE "${appRole}" LOGIN`);
    await c.query(`CREATE DATABASE "${dbName}" OWNER "${owner}"`);
  });
  // Mail leaves through a real SMTP server; what it accepts is kept in the database to read codes.
  admin = await openDatabase({ url: urlFor(dbName), poolSize: 2 });
  production = {
    APP_ENV: 'production',
    PUBLIC_URL: 'https://shop.example.test',
    SANDBOX_PAY_URL: 'http://127.0.0.1:9',
    SANDBOX_PAY_API_KEY: `sk_live_${tag}`,
    SANDBOX_PAY_WEBHOOK_SECRET: `whsec_live_${tag}`,
    APP_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'false',
    SMS_PROVIDER: 'log',
    // Production takes real money only: one channel, with keys made for this run.
    ...alipaySettings(),
  };
}, 60_000);

afterAll(async () => {
  await app?.stop();
  for (const child of live) child.kill('SIGTERM');
  await worker?.exited;
  await smtp?.close().catch(() => undefined);
  await admin?.close();
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.query(`DROP ROLE IF EXISTS "${appRole}"`);
    await c.query(`DROP ROLE IF EXISTS "${owner}"`);
  });
}, 60_000);

describe('a production deploy with an owner role and an app role', () => {
  it('refuses to serve a database the owner has not migrated, and says what to run', async () => {
    const refused = await runMain(['serve'], {
      ...production,
      DATABASE_URL: urlAs(appRole),
      SMTP_URL: 'smtp://127.0.0.1:9',
      PORT: '0',
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/schema is behind this build: 0 of \d+ migrations applied/);
    expect(refused.output).toContain('main.js migrate');
  }, 120_000);

  it('lets the app role neither migrate nor change the schema', async () => {
    const denied = await runMain(['migrate'], { DATABASE_URL: urlAs(appRole) });
    expect(denied.code).toBe(1);
    expect(denied.output).toMatch(/permission denied/);
  }, 120_000);

  it('migrates as the owner, then grants the app role its rights from deploy/app-role.sql', async () => {
    const migrated = await runMain(['migrate'], { DATABASE_URL: urlAs(owner) });
    expect(migrated.code).toBe(0);
    expect(migrated.output).toMatch(/schema at (\d+) of \1/);

    const grants = fs
      .readFileSync('deploy/app-role.sql', 'utf8')
      .replaceAll(':"app_role"', `"${appRole}"`);
    const asOwner = new pg.Client({ connectionString: urlAs(owner) });
    await asOwner.connect();
    try {
      await asOwner.query(grants);
    } finally {
      await asOwner.end();
    }
    smtp = await startSmtpCapture(admin.db, 0);
  }, 120_000);

  it('serves and works as the app role in production mode', async () => {
    const env = { ...production, SMTP_URL: smtp.url };
    app = await startAppProcess({
      databaseUrl: urlAs(appRole),
      publicUrl: production['PUBLIC_URL'],
      env,
    });
    worker = await startWorker({ ...env, DATABASE_URL: urlAs(appRole) }, live);

    // The first operator comes from the command line: there is no demo in production.
    const created = await runMain(
      [
        'create-operator',
        '--email',
        'ops@shop.example.test',
        '--mobile',
        '13900000099',
        '--name',
        '运营',
      ],
      { ...env, DATABASE_URL: urlAs(appRole) },
      'Start2026ops\n',
    );
    expect(created.output).toContain('Operator ops@shop.example.test created');
    expect(created.code).toBe(0);
    const again = await runMain(
      [
        'create-operator',
        '--email',
        'ops@shop.example.test',
        '--mobile',
        '13900000098',
        '--name',
        'x',
      ],
      { ...env, DATABASE_URL: urlAs(appRole), OPERATOR_PASSWORD: 'Start2026ops' },
    );
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already registered/);

    const operator = new CookieClient(app.baseUrl);
    const login = await operator.send('POST', '/api/v1/auth/login', {
      account: 'ops@shop.example.test',
      password: 'Start2026ops',
    });
    expect(login.status).toBe(200);
    expect(login.setCookie.find((c) => c.startsWith('btp_sid='))).toMatch(/; Secure/);
    const changed = await operator.send('PUT', '/api/v1/ops/settings/cancellation', {
      requestSlaHours: 36,
    });
    expect(changed.status).toBe(200);
    const audited = await queryRows<{ action: string }>(
      admin.db,
      sql`SELECT action FROM audit_log WHERE request_id = ${changed.requestId}`,
    );
    expect(audited.length).toBeGreaterThan(0);

    // A shopper registers: the worker, as the app role, sends both codes through SMTP.
    const shopper = new CookieClient(app.baseUrl);
    const codes = await shopper.send('POST', '/api/v1/auth/register-codes', {
      email: 'new.shopper@example.test',
      mobile: '13700001234',
    });
    expect(codes.status).toBe(202);
    const mailed = await waitFor(async () => {
      const [r] = await queryRows<{ n: number }>(
        admin.db,
        sql`SELECT count(*)::int AS n FROM outgoing_messages WHERE recipient = 'new.shopper@example.test'`,
      );
      return (r?.n ?? 0) > 0;
    }, 30_000);
    expect(mailed).toBe(true);
    const registered = await shopper.send('POST', '/api/v1/auth/register', {
      email: 'new.shopper@example.test',
      mobile: '13700001234',
      password: 'Shop2026pw',
      displayName: '新顾客',
      emailCode: await latestCode(admin.db, 'new.shopper@example.test'),
      smsCode: await latestCode(admin.db, '13700001234'),
    });
    expect(registered.status).toBe(201);
    // Five processes start here (app, worker, two CLI runs): generous on a busy machine.
  }, 240_000);

  it('cannot update or delete the audit trail, nor create tables, as the app role', async () => {
    const asApp = new pg.Client({ connectionString: urlAs(appRole) });
    await asApp.connect();
    const attempt = (statement: string) =>
      asApp.query(statement).then(
        () => 'succeeded',
        (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
      );
    try {
      expect(await attempt(`UPDATE audit_log SET action = 'forged'`)).toMatch(
        /^42501: permission denied for table audit_log/,
      );
      expect(await attempt('DELETE FROM audit_log')).toMatch(/^42501: permission denied/);
      expect(await attempt('TRUNCATE audit_log')).toMatch(/^42501: permission denied/);
      expect(await attempt('CREATE TABLE sneaky (id int)')).toMatch(/^42501: permission denied/);
      const rows = await asApp.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      expect(rows.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await asApp.end();
    }
  });
});

/** A minimal browser: keeps cookies and echoes the CSRF token, over real HTTP. */
class CookieClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  async send(method: string, path: string, body?: unknown) {
    if (method !== 'GET' && !this.cookies.has('btp_csrf'))
      await this.send('GET', '/api/v1/session');
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': this.cookies.get('btp_csrf') ?? '',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return {
      status: res.status,
      requestId: res.headers.get('x-request-id') ?? '',
      setCookie,
      body: (await res.json().catch(() => null)) as unknown,
    };
  }
}
