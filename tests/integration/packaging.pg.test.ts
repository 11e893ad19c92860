import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/server/commands.js';
import { CONFIG_VARIABLES } from '../../src/server/platform/config.js';
import { openDatabase } from '../../src/server/platform/db/client.js';
import { queryRows } from '../../src/server/platform/db/query.js';
import { freePort } from '../support/app-process.js';
import { urlFor, withAdmin } from '../support/pg-admin.js';

// Where no container engine runs, what can be checked of the image and the compose file is
// checked here: the files parse; the image is multi-stage, runs as a non-root user and starts
// `node dist/server/main.js <command>`; every command the compose file gives is one main.js
// knows and one the tests run (serve and worker by the fault tests' processes; migrate and
// sandbox-pay below); every variable it sets is one the server reads; pgbouncer pools by
// transaction and the LISTEN connection goes around it.

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  image?: string;
  build?: string;
  deploy?: { replicas?: number };
}

const compose = parse(fs.readFileSync('compose.yaml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
const ours = Object.entries(compose.services).filter(
  ([, s]) => s.image === 'btepai:latest' || s.build === '.',
);
/** Variables the server reads outside its validated schema, and Node's own. */
const ALSO_READ = ['SEED_DEMO', 'NODE_ENV'];

const running = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const c of running) c.kill('SIGKILL');
});

/** `main.ts <command>` as the image runs `main.js <command>`; resolves with its output. */
function runCommand(
  command: string,
  env: Record<string, string>,
  until: (output: string) => boolean,
): Promise<{ output: string; code: number | null; child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', command], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  running.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command}: ${output}`)), 60_000);
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (until(output)) {
        clearTimeout(timer);
        resolve({ output, code: null, child });
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      running.delete(child);
      clearTimeout(timer);
      resolve({ output, code, child });
    });
  });
}

describe('the container image and the compose file', () => {
  it('builds in stages and runs the compiled server as an unprivileged user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npm run build && npm prune --omit=dev/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "dist\/server\/main\.js"\]$/m);
    const cmd = /^CMD \["([a-z-]+)"\]$/m.exec(dockerfile)?.[1];
    expect(COMMANDS).toContain(cmd);
    // The npm start script and the browser tests run the same compiled entry point.
    expect(fs.readFileSync('scripts/e2e-server.mjs', 'utf8')).toContain("'dist/server/main.js'");
  });

  it('runs app × 2, a worker, PostgreSQL and pgbouncer, with commands and settings the server knows', () => {
    const names = Object.keys(compose.services);
    expect(names).toEqual(
      expect.arrayContaining(['postgres', 'pgbouncer', 'migrate', 'app', 'worker']),
    );
    expect(compose.services['app']?.deploy?.replicas).toBe(2);
    for (const [name, service] of ours) {
      const [command, ...rest] = service.command ?? [];
      expect(rest, name).toEqual([]);
      expect(COMMANDS, name).toContain(command);
      const unknown = Object.keys(service.environment ?? {}).filter(
        (v) => !CONFIG_VARIABLES.includes(v) && !ALSO_READ.includes(v),
      );
      expect(unknown, `${name}: variables the server does not read`).toEqual([]);
    }
    // Queries through pgbouncer; LISTEN straight to PostgreSQL.
    for (const name of ['app', 'worker']) {
      const env = compose.services[name]?.environment ?? {};
      expect(env['DATABASE_URL'], name).toMatch(/@pgbouncer:6432\//);
      expect(env['LISTEN_DATABASE_URL'], name).toMatch(/@postgres:5432\//);
      expect(env['METRICS_PORT'], name).toBe('9464');
    }
    expect(compose.services['app']?.environment?.['RUN_WORKER']).toBe('false');
    // Migrations go straight to PostgreSQL too, before any app process starts.
    expect(compose.services['migrate']?.environment?.['DATABASE_URL']).toMatch(/@postgres:5432\//);
    const ini = fs.readFileSync('deploy/pgbouncer/pgbouncer.ini', 'utf8');
    expect(ini).toMatch(/^pool_mode = transaction$/m);
    expect(ini).toMatch(/^server_login_retry = 1$/m);
  });

  it('migrate, as the compose file runs it, migrates an empty database and is safe to repeat', async () => {
    const name = `btp_pack_${randomBytes(5).toString('hex')}`;
    await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    try {
      for (let run = 0; run < 2; run++) {
        const r = await runCommand('migrate', { DATABASE_URL: urlFor(name) }, () => false);
        expect(r.code, r.output).toBe(0);
        expect(r.output).toMatch(/Migrations applied: \d+ new; schema at (\d+) of \1/);
      }
      const database = await openDatabase({ url: urlFor(name), poolSize: 1 });
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name IN ('orders', 'outbox', 'settings')`,
      );
      await database.close();
      expect(row?.n).toBe(3);
    } finally {
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });

  it('sandbox-pay, as the compose file runs it, serves the provider API', async () => {
    const port = await freePort();
    const r = await runCommand(
      'sandbox-pay',
      {
        SANDBOX_PAY_PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'btp-pack-')),
      },
      (out) => out.includes('Server listening'),
    );
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/refunds`, {
        headers: { authorization: 'Bearer sk_sandbox_demo' },
      });
      expect(res.status).toBe(200);
    } finally {
      r.child.kill('SIGTERM');
    }
  });
});
