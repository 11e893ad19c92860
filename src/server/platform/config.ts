import path from 'node:path';
import { z } from 'zod';

/** Everything the server reads from its environment, validated once at start. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  SANDBOX_PAY_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SANDBOX_PAY_URL: z.string().url().optional(),
  SANDBOX_PAY_API_KEY: z.string().default('sk_sandbox_demo'),
  SANDBOX_PAY_WEBHOOK_SECRET: z.string().default('whsec_sandbox_demo'),
  /** Demo speed of refund settlement: 0.001 makes a 1-business-day card refund take ~1.5 min. */
  SANDBOX_SETTLEMENT_SCALE: z.coerce.number().min(0).max(1).default(0.001),
  SMTP_URL: z.string().optional(),
  SMTP_CAPTURE_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  MAIL_FROM: z.string().default('B特派 <no-reply@btepai.test>'),
  REDIS_URL: z.string().optional(),
  PAYMENT_TIMEOUT_MINUTES: z.coerce.number().int().min(1).default(30),
  AUTO_COMPLETE_DAYS: z.coerce.number().int().min(1).default(10),
  SESSION_DAYS: z.coerce.number().int().min(1).default(14),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});

export interface AppConfig {
  port: number;
  host: string;
  publicUrl: string;
  /** PostgreSQL URL, or undefined for embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  sandboxPay: {
    port: number;
    url: string;
    apiKey: string;
    webhookSecret: string;
    settlementScale: number;
  };
  smtpUrl: string | undefined;
  smtpCapturePort: number;
  mailFrom: string;
  redisUrl: string | undefined;
  paymentTimeoutMinutes: number;
  autoCompleteDays: number;
  sessionDays: number;
  logLevel: string;
  workerConcurrency: number;
  /** Secure cookies only when served over https. */
  secureCookies: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.DATA_DIR),
    dbPoolSize: e.DB_POOL_SIZE,
    sandboxPay: {
      port: e.SANDBOX_PAY_PORT,
      url: e.SANDBOX_PAY_URL ?? `http://localhost:${e.SANDBOX_PAY_PORT}`,
      apiKey: e.SANDBOX_PAY_API_KEY,
      webhookSecret: e.SANDBOX_PAY_WEBHOOK_SECRET,
      settlementScale: e.SANDBOX_SETTLEMENT_SCALE,
    },
    smtpUrl: e.SMTP_URL || undefined,
    smtpCapturePort: e.SMTP_CAPTURE_PORT,
    mailFrom: e.MAIL_FROM,
    redisUrl: e.REDIS_URL || undefined,
    paymentTimeoutMinutes: e.PAYMENT_TIMEOUT_MINUTES,
    autoCompleteDays: e.AUTO_COMPLETE_DAYS,
    sessionDays: e.SESSION_DAYS,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    secureCookies: publicUrl.startsWith('https://'),
  };
}
