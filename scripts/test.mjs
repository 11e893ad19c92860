// `npm test`: the whole suite. Unit and integration tests on PostgreSQL (TEST_DATABASE_URL,
// default the local server) and on PGlite, then the browser tests in Chromium.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

/** Runs a command to its end; its output goes to `logFile` when given, else to ours. */
function runAsync(cmd, args, logFile) {
  const out = logFile ? fs.openSync(logFile, 'w') : 'inherit';
  const child = spawn(cmd, args, { stdio: ['ignore', out, out] });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.log("Chromium is missing; installing Debian's chromium package for the browser tests…");
  const ok = run('bash', ['scripts/ensure-chromium.sh']) === 0;
  if (!ok || !fs.existsSync(chromium)) {
    console.error(
      `Cannot run the browser tests: no Chromium at ${chromium} and it could not be installed (apt-get install chromium).`,
    );
    process.exit(1);
  }
}

// The database fault test runs a private PostgreSQL behind pgbouncer (Debian's package).
if (run('bash', ['scripts/ensure-pgbouncer.sh']) !== 0) {
  console.error('Cannot run the database fault test: pgbouncer could not be installed.');
  process.exit(1);
}

// The PostgreSQL project (races, storms, fault tests: mostly waiting on processes and the
// server) and the PGlite project (one file at a time for memory) run side by side: in one
// vitest they would run one after the other. Each report is printed when both are done, then
// a short summary naming every failed file, so the end of the output says what went wrong.
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-test-'));
const suites = [
  { name: 'PostgreSQL', args: ['vitest', 'run', '--project', 'pg'] },
  { name: 'unit + PGlite', args: ['vitest', 'run', '--project', 'unit', '--project', 'pglite'] },
].map((s, i) => ({ ...s, log: path.join(logDir, `suite-${i}.log`) }));
const statuses = await Promise.all(suites.map((s) => runAsync('npx', s.args, s.log)));
for (const s of suites) process.stdout.write(fs.readFileSync(s.log));
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
console.log('\n== vitest summary');
suites.forEach((s, i) => {
  const lines = plain(fs.readFileSync(s.log, 'utf8')).split('\n');
  const failed = [
    ...new Set(lines.filter((l) => /^\s*(FAIL|×|❯ .*\(\d+ tests? \||\w*Error:)/.test(l))),
  ];
  const totals = lines.filter((l) => /^\s*(Test Files|Tests)\s/.test(l));
  console.log(`${s.name}: exit ${statuses[i]}`);
  for (const l of [...totals, ...failed.slice(0, 40)]) console.log(`  ${l.trim()}`);
});
let status = statuses.find((code) => code !== 0) ?? 0;
if (status === 0) status = run('npm', ['run', 'build', '--silent']);
if (status === 0) status = run('npx', ['playwright', 'test']);
process.exit(status);
