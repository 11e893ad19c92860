// `npm start`: build what is missing or stale, then run everything in one process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function stale(output, inputs) {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return inputs.some((dir) => fs.existsSync(dir) && newestMtime(dir) > built);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (stale('dist/server/main.js', ['src/server', 'src/domain', 'src/contracts', 'drizzle'])) {
  console.log('Building the server…');
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  fs.utimesSync('dist/server/main.js', new Date(), new Date());
}
if (stale('dist/web/index.html', ['src/web', 'src/contracts', 'src/domain'])) {
  console.log('Building the web app…');
  run('npx', ['vite', 'build', '--logLevel', 'warn']);
  run(process.execPath, ['scripts/compress-web.mjs']);
}
const server = spawnSync(process.execPath, ['dist/server/main.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(server.status ?? 0);
