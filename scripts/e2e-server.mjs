// Starts the built server on a fresh embedded data folder for the browser tests, exactly as
// `npm start` would, on ports of its own so a running dev server is left alone. Beside the
// sandbox (still the default), Alipay is configured against the local Alipay, started here with
// keys made for this run, so a shopper can pay through its cashier page.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const port = Number(process.env.E2E_PORT ?? 3310);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btp-e2e-'));
const ALIPAY_APP_ID = '2021000000000009';
const ALIPAY_SELLER_ID = '2088000000000009';

/** The local Alipay (a TypeScript test support file, run with tsx); resolves with its settings. */
function startLocalAlipay(appPublicKeyPem) {
  const fake = spawn(process.execPath, ['--import', 'tsx', 'tests/support/fake-alipay/run.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      FAKE_ALIPAY_APP_ID: ALIPAY_APP_ID,
      FAKE_ALIPAY_SELLER_ID: ALIPAY_SELLER_ID,
      FAKE_ALIPAY_APP_PUBLIC_KEY: appPublicKeyPem,
    },
  });
  return new Promise((resolve, reject) => {
    fake.once('exit', (code) => reject(new Error(`the local Alipay exited (${code})`)));
    readline.createInterface({ input: fake.stdout }).once('line', (line) => {
      resolve({ fake, settings: JSON.parse(line) });
    });
  });
}

const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipay = await startLocalAlipay(
  appKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
);

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
    // The browser suite signs in to the demo accounts from one address, in fresh browsers, many
    // times an hour; the limits themselves are tested in tests/integration/rate-limits.
    LOGIN_LIMIT_PER_ADDRESS: '10000',
    LOGIN_LIMIT_PER_ACCOUNT: '10000',
    PAYMENT_PROVIDERS: 'alipay',
    ALIPAY_APP_ID,
    ALIPAY_SELLER_ID,
    ALIPAY_PRIVATE_KEY: appKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ALIPAY_PUBLIC_KEY: alipay.settings.alipayPublicKeyPem,
    ALIPAY_GATEWAY: alipay.settings.gateway,
  },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  alipay.fake.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
