import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';

/** Public demo values: fine for `npm start`, refused by a production start (production-checks). */
export const DEMO_SANDBOX_API_KEY = 'sk_sandbox_demo';
export const DEMO_SANDBOX_WEBHOOK_SECRET = 'whsec_sandbox_demo';
export const DEMO_APP_SECRET = 'btp-demo-secret-not-for-production';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Everything the server reads from its environment, validated once at start. */
const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  APP_ENV: z.enum(['development', 'production']).optional(),
  SEED_DEMO: flag.optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  TRUST_PROXY: z.string().default(''),
  APP_SECRET: z.string().default(DEMO_APP_SECRET),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
  /**
   * Statements of fixed text prepared once per connection under a name. Off behind a transaction
   * pooler that cannot carry them between server connections (pgbouncer before 1.21).
   */
  DB_NAMED_STATEMENTS: flag.default(true),
  SANDBOX_PAY_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SANDBOX_PAY_URL: z.string().url().optional(),
  SANDBOX_PAY_API_KEY: z.string().default(DEMO_SANDBOX_API_KEY),
  SANDBOX_PAY_WEBHOOK_SECRET: z.string().default(DEMO_SANDBOX_WEBHOOK_SECRET),
  /** Demo speed of refund settlement: 0.001 makes a 1-business-day card refund take ~1.5 min. */
  SANDBOX_SETTLEMENT_SCALE: z.coerce.number().min(0).max(1).default(0.001),
  /** Real payment channels to run (their settings: payment-channels/config.ts); empty = none. */
  PAYMENT_PROVIDERS: z.string().default(''),
  SMTP_URL: z.string().optional(),
  SMTP_CAPTURE_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  MAIL_FROM: z.string().default('B特派 <no-reply@btepai.test>'),
  REDIS_URL: z.string().optional(),
  PAYMENT_TIMEOUT_MINUTES: z.coerce.number().int().min(1).default(30),
  AUTO_COMPLETE_DAYS: z.coerce.number().int().min(1).default(10),
  SESSION_DAYS: z.coerce.number().int().min(1).default(14),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Shanghai hour at which the daily statement reconciliation (对账) fetches yesterday's. */
  STATEMENT_HOUR: z.coerce.number().int().min(0).max(23).default(10),
  /** Login attempts per client address and minute (all accounts together). */
  LOGIN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(60),
  /** Login attempts per account and minute from browsers not known to it; 3× that an hour. */
  LOGIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** `serve` runs an outbox worker too, unless workers run as processes of their own. */
  RUN_WORKER: z.enum(['true', 'false']).default('true'),
  /** PostgreSQL itself for the LISTEN connection when DATABASE_URL goes through pgbouncer. */
  LISTEN_DATABASE_URL: z.string().optional(),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** The ops port: /metrics, /healthz, /readyz (the worker's health endpoint). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().optional(),
  /** Bearer token for /metrics; with it /metrics is also served on the app port. */
  METRICS_TOKEN: z.string().min(16).optional(),
  SLOW_REQUEST_MS: z.coerce.number().int().min(0).default(1_000),
  SLOW_JOB_MS: z.coerce.number().int().min(0).default(10_000),
  /** OTLP/HTTP collector for traces (e.g. http://otel-collector:4318); unset = no tracing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().default('btepai'),
  /** Unset means `log`; production asks for an explicit choice (production-checks). */
  SMS_PROVIDER: z.enum(['log', 'tencent']).optional(),
  /** JSON: notice kind → the template id the SMS service approved, e.g. {"order_paid":"1234567"}. */
  SMS_TEMPLATE_IDS: z.string().optional(),
  TENCENT_SMS_SECRET_ID: z.string().optional(),
  TENCENT_SMS_SECRET_KEY: z.string().optional(),
  TENCENT_SMS_SDK_APP_ID: z.string().optional(),
  /** The approved signature shown as 【…】 before every SMS. */
  SMS_SIGN_NAME: z.string().default('B特派'),
  TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
  TENCENT_SMS_ENDPOINT: z.string().default('sms.tencentcloudapi.com'),
});

/**
 * Every environment variable the server reads: the README's production table lists each, and
 * the container files are checked against it.
 */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type AppEnv = 'development' | 'production';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  region: string;
  endpoint: string;
}

export interface AppConfig {
  /** production: no demo data by default, demo secrets refused, Secure cookies. */
  appEnv: AppEnv;
  seedDemo: boolean;
  port: number;
  host: string;
  publicUrl: string;
  /** Whether PUBLIC_URL was given (production requires it). */
  publicUrlSet: boolean;
  /** Which peers may tell us the client's address (X-Forwarded-For); false trusts none. */
  trustProxy: TrustProxy;
  /** Signs the known-device cookie that exempts a device from the per-account login limit. */
  appSecret: string;
  /** PostgreSQL URL, or undefined for embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  namedStatements: boolean;
  sandboxPay: {
    /** No SANDBOX_PAY_URL: `serve` runs the sandbox provider in-process. */
    embedded: boolean;
    port: number;
    url: string;
    apiKey: string;
    webhookSecret: string;
    settlementScale: number;
  };
  /**
   * The real channels PAYMENT_PROVIDERS lists, as written (payment-channels/config.ts checks the
   * names and their settings); a production start needs at least one.
   */
  paymentProviders: string[];
  smtpUrl: string | undefined;
  smtpCapturePort: number;
  mailFrom: string;
  redisUrl: string | undefined;
  paymentTimeoutMinutes: number;
  autoCompleteDays: number;
  sessionDays: number;
  logLevel: string;
  workerConcurrency: number;
  statementHour: number;
  loginLimitPerAddress: number;
  loginLimitPerAccount: number;
  runWorker: boolean;
  /** Secure cookies in production and whenever served over https. */
  secureCookies: boolean;
  listenDatabaseUrl: string | undefined;
  dbConnectTimeoutMs: number;
  metricsPort: number | undefined;
  metricsHost: string;
  metricsToken: string | undefined;
  slowRequestMs: number;
  slowJobMs: number;
  tracing: { endpoint: string; serviceName: string } | undefined;
  sms: {
    provider: 'log' | 'tencent';
    /** SMS_PROVIDER was given (a production start refuses to guess). */
    providerChosen: boolean;
    signName: string;
    /** Notice kind → the service's approved template id; unlisted kinds use the kind's name. */
    templateIds: Record<string, string>;
    tencent: TencentSmsConfig | undefined;
  };
}

function smsTemplateIds(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = null;
  }
  const parsed = z.record(z.string(), z.string()).safeParse(json);
  if (!parsed.success)
    throw new Error('Invalid configuration: SMS_TEMPLATE_IDS must be a JSON object of ids');
  return parsed.data;
}

function tencentSms(e: z.infer<typeof envSchema>): TencentSmsConfig | undefined {
  if (e.SMS_PROVIDER !== 'tencent') return undefined;
  const { TENCENT_SMS_SECRET_ID: secretId, TENCENT_SMS_SECRET_KEY: secretKey } = e;
  const { TENCENT_SMS_SDK_APP_ID: sdkAppId } = e;
  if (!secretId || !secretKey || !sdkAppId)
    throw new Error(
      'Invalid configuration: SMS_PROVIDER=tencent needs TENCENT_SMS_SECRET_ID, TENCENT_SMS_SECRET_KEY and TENCENT_SMS_SDK_APP_ID',
    );
  return {
    secretId,
    secretKey,
    sdkAppId,
    region: e.TENCENT_SMS_REGION,
    endpoint: e.TENCENT_SMS_ENDPOINT,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const appEnv: AppEnv = e.APP_ENV ?? (e.NODE_ENV === 'production' ? 'production' : 'development');
  const production = appEnv === 'production';
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    appEnv,
    seedDemo: e.SEED_DEMO ?? !production,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    publicUrlSet: e.PUBLIC_URL !== undefined,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    appSecret: e.APP_SECRET,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.DATA_DIR),
    dbPoolSize: e.DB_POOL_SIZE,
    namedStatements: e.DB_NAMED_STATEMENTS,
    sandboxPay: {
      embedded: e.SANDBOX_PAY_URL === undefined,
      port: e.SANDBOX_PAY_PORT,
      url: e.SANDBOX_PAY_URL ?? `http://localhost:${e.SANDBOX_PAY_PORT}`,
      apiKey: e.SANDBOX_PAY_API_KEY,
      webhookSecret: e.SANDBOX_PAY_WEBHOOK_SECRET,
      settlementScale: e.SANDBOX_SETTLEMENT_SCALE,
    },
    paymentProviders: e.PAYMENT_PROVIDERS.split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    smtpUrl: e.SMTP_URL || undefined,
    smtpCapturePort: e.SMTP_CAPTURE_PORT,
    mailFrom: e.MAIL_FROM,
    redisUrl: e.REDIS_URL || undefined,
    paymentTimeoutMinutes: e.PAYMENT_TIMEOUT_MINUTES,
    autoCompleteDays: e.AUTO_COMPLETE_DAYS,
    sessionDays: e.SESSION_DAYS,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    statementHour: e.STATEMENT_HOUR,
    loginLimitPerAddress: e.LOGIN_LIMIT_PER_ADDRESS,
    loginLimitPerAccount: e.LOGIN_LIMIT_PER_ACCOUNT,
    secureCookies: production || publicUrl.startsWith('https://'),
    runWorker: e.RUN_WORKER === 'true',
    listenDatabaseUrl: e.LISTEN_DATABASE_URL || undefined,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST ?? e.HOST,
    metricsToken: e.METRICS_TOKEN || undefined,
    slowRequestMs: e.SLOW_REQUEST_MS,
    slowJobMs: e.SLOW_JOB_MS,
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME }
      : undefined,
    sms: {
      provider: e.SMS_PROVIDER ?? 'log',
      providerChosen: e.SMS_PROVIDER !== undefined,
      signName: e.SMS_SIGN_NAME,
      templateIds: smsTemplateIds(e.SMS_TEMPLATE_IDS),
      tencent: tencentSms(e),
    },
  };
}
