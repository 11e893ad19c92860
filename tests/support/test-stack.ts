import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp, type App } from '../../src/server/app.js';
import { loadConfig, type AppConfig } from '../../src/server/platform/config.js';
import { systemClock, type Clock } from '../../src/server/platform/clock/clock.js';
import type { Db } from '../../src/server/platform/db/client.js';
import { startSmtpCapture, type SmtpCapture } from '../../src/server/platform/mail/smtp-capture.js';
import { createSandboxProvider } from '../../src/server/platform/payment-provider/sandbox-provider.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';
import type { ChannelProvider } from '../../src/server/platform/payment-channels/channel-provider.js';
import type { SmsSender } from '../../src/server/platform/sms/sms-sender.js';
import { buildSandboxPayApp, type SandboxPayApp } from '../../src/server/sandbox-pay/app.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';
import { TestClient } from './test-client.js';

export interface TestStack {
  app: App;
  baseUrl: string;
  db: Db;
  testDb: TestDatabase;
  runtime: Runtime;
  sandbox: SandboxPayApp;
  sandboxUrl: string;
  smtp: SmtpCapture;
  config: AppConfig;
  clock: Clock;
  client(): TestClient;
  /** Delivers pending provider webhooks, then runs every due outbox job. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const SANDBOX_KEY = 'sk_test_stack';
const SANDBOX_SECRET = 'whsec_test_stack';

/**
 * The whole system for one test file: a fresh database, the app on a real port, the sandbox
 * payment provider on its own port (they talk over real HTTP), and a real SMTP server.
 */
export async function startTestStack(
  opts: {
    clock?: Clock;
    poolSize?: number;
    env?: Record<string, string>;
    /** How long the sandbox holds a `timeout_after_accept` request (its default: 30 s). */
    faultHoldMs?: number;
    /** The app's per-request timeout towards the provider (the adapter's default: 5 s). */
    providerTimeoutMs?: number;
    /** An SMS driver other than the configured one (a service adapter against its fake). */
    sms?: SmsSender;
    /** Real payment channels (adapters against the local providers) beside the sandbox. */
    channels?: readonly ChannelProvider[];
  } = {},
): Promise<TestStack> {
  const clock = opts.clock ?? systemClock;
  const testDb = await createTestDatabase(opts.poolSize ? { poolSize: opts.poolSize } : {});
  const smtp = await startSmtpCapture(testDb.database.db, 0);

  const sandbox = await buildSandboxPayApp({
    publicUrl: 'http://127.0.0.1:0',
    apiKey: SANDBOX_KEY,
    webhookSecret: SANDBOX_SECRET,
    now: () => clock.now(),
    webhookRetryBaseMs: 50,
    // Refunds settle as soon as the test asks (settle()), whatever the channel.
    settlementScale: 0,
    webhookRetryMaxMs: 200,
    ...(opts.faultHoldMs === undefined ? {} : { faultHoldMs: opts.faultHoldMs }),
  });
  const sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });

  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SANDBOX_PAY_URL: sandboxUrl,
    SANDBOX_PAY_API_KEY: SANDBOX_KEY,
    SANDBOX_PAY_WEBHOOK_SECRET: SANDBOX_SECRET,
    SMTP_URL: smtp.url,
    // Tests sign in hundreds of shoppers from one address; the per-address limit has its own test.
    LOGIN_LIMIT_PER_ADDRESS: '100000',
    // Evidence files and other data of this stack live in a folder of its own.
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'btp-stack-')),
    ...opts.env,
  });
  const runtime = await createRuntime(config, {
    database: testDb.database,
    clock,
    ...(opts.sms ? { sms: opts.sms } : {}),
    channels: opts.channels ?? [],
    ...(opts.providerTimeoutMs === undefined
      ? {}
      : {
          payments: createSandboxProvider({
            baseUrl: config.sandboxPay.url,
            apiKey: config.sandboxPay.apiKey,
            webhookSecret: config.sandboxPay.webhookSecret,
            timeoutMs: opts.providerTimeoutMs,
          }),
        }),
    // TEST_LOG=error (or debug) shows the server's log while a test runs.
    log: pino({ level: process.env['TEST_LOG'] ?? 'silent' }),
  });
  const app = await buildApp(runtime.deps);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  // Webhooks and return URLs must point at the real port.
  config.publicUrl = baseUrl;

  const stack: TestStack = {
    app,
    baseUrl,
    db: testDb.database.db,
    testDb,
    runtime,
    sandbox,
    sandboxUrl,
    smtp,
    config,
    clock,
    client: () => new TestClient(app),
    async settle() {
      // Two rounds: jobs call the provider, whose webhooks start further jobs.
      for (let round = 0; round < 2; round++) {
        await sandbox.sandbox.settleDue();
        await sandbox.sandbox.flushWebhooks();
        await runtime.worker.drain();
      }
    },
    async close() {
      await app.close();
      await runtime.close();
      await sandbox.close();
      // A test may have replaced the mail server (down and up again): close the current one.
      await stack.smtp.close().catch(() => undefined);
      await testDb.drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
