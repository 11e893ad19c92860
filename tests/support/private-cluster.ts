import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './app-process.js';

// A PostgreSQL cluster of the test's own (initdb into a temporary folder, its own port), for
// faults that must not touch the shared server: restarting it, terminating every backend. And
// pgbouncer in front of it in transaction pooling, as production runs. PostgreSQL and pgbouncer
// refuse to run as root; as root, both run as the `postgres` system user.

function binDir(): string {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = fromConfig.status === 0 ? fromConfig.stdout.trim() : '';
  if (dir && fs.existsSync(path.join(dir, 'initdb'))) return dir;
  const versions = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const candidate = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(path.join(candidate, 'initdb'))) return candidate;
  }
  throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found');
}

const asRoot = process.getuid?.() === 0;

/** argv run as the postgres system user when we are root. */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function run(cmd: string, args: string[]): void {
  const [c, a] = asServerUser(cmd, args);
  const r = spawnSync(c, a, { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
}

export interface PrivateCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when this resolves. */
  restart(): Promise<void>;
  /** Terminates every backend of `database` except the caller's own. Returns how many. */
  terminateAll(database: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startPrivateCluster(): Promise<PrivateCluster> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-pg-'));
  if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  run(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--no-locale',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    // A test cluster: durability off, a modest connection limit.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=80',
  ].join(' ');
  const pgCtl = path.join(bin, 'pg_ctl');
  run(pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async restart() {
      // pg_ctl restart reuses the options the server was started with (postmaster.opts).
      // Spawned, not run synchronously: this process keeps serving (the sandbox, the mail).
      const [c, a] = asServerUser(pgCtl, [
        '-D',
        data,
        '-l',
        log,
        '-w',
        '-t',
        '60',
        '-m',
        'fast',
        'restart',
      ]);
      const child = spawn(c, a, { stdio: 'ignore' });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`pg_ctl restart failed (${code})`);
    },
    async terminateAll(database) {
      const c = new pg.Client({ connectionString: url('postgres') });
      await c.connect();
      try {
        const r = await c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [database],
        );
        return r.rowCount ?? 0;
      } finally {
        await c.end();
      }
    },
    async stop() {
      spawnSync(...asServerUser(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Pgbouncer {
  port: number;
  url(database: string): string;
  stop(): Promise<void>;
}

function pgbouncerBinary(): string {
  for (const p of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer'])
    if (fs.existsSync(p)) return p;
  throw new Error('pgbouncer is not installed (scripts/ensure-pgbouncer.sh installs it)');
}

/**
 * pgbouncer in transaction pooling in front of `database` of the cluster, with the settings
 * docs/operations.md recommends for quick recovery after a server restart.
 */
export async function startPgbouncer(
  cluster: PrivateCluster,
  database: string,
): Promise<Pgbouncer> {
  const binary = pgbouncerBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-pgb-'));
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'users.txt'), '"postgres" ""\n');
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=127.0.0.1 port=${cluster.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 200',
      'default_pool_size = 20',
      'server_login_retry = 1',
      'query_wait_timeout = 10',
      'server_reset_query =',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  const [cmd, args] = asServerUser(binary, [path.join(dir, 'pgbouncer.ini')]);
  const child: ChildProcess = spawn(cmd, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  // Ready when it answers a query through to the server.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const c = new pg.Client({ connectionString: url(database) });
    const ok = await c
      .connect()
      .then(() => c.query('SELECT 1'))
      .then(
        () => true,
        () => false,
      );
    await c.end().catch(() => undefined);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`pgbouncer did not start: ${readLog(dir)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url,
    async stop() {
      // The pid pgbouncer wrote (under runuser, the child we hold is runuser itself).
      const pid = Number(fs.readFileSync(path.join(dir, 'pgbouncer.pid'), 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}
