// Starts the built server on a fresh embedded data folder for the browser tests, exactly as
// `npm start` would, on ports of its own so a running dev server is left alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3310);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-e2e-'));
const child = spawn(process.execPath, ['dist/server/main.js', 'serve'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
    SANDBOX_PAY_PORT: String(port + 1),
    SMTP_CAPTURE_PORT: String(port + 2),
    LOG_LEVEL: 'warn',
  },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
