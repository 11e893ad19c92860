// `npm test`: the whole suite. Unit and integration tests on PostgreSQL (TEST_DATABASE_URL,
// default the local server) and on PGlite, then the browser tests in Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
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

let status = run('npx', ['vitest', 'run']);
if (status === 0) status = run('npm', ['run', 'build', '--silent']);
if (status === 0) status = run('npx', ['playwright', 'test']);
process.exit(status);
