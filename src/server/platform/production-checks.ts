import {
  DEMO_APP_SECRET,
  DEMO_SANDBOX_API_KEY,
  DEMO_SANDBOX_WEBHOOK_SECRET,
  type AppConfig,
} from './config.js';

export type ProcessKind = 'serve' | 'worker';

/**
 * What stops a production start, each naming the variable to set. Development starts have none:
 * the demo runs on public keys on purpose.
 */
export function productionProblems(config: AppConfig, kind: ProcessKind): string[] {
  if (config.appEnv !== 'production') return [];
  const problems: string[] = [];
  if (!config.databaseUrl) {
    problems.push(
      'DATABASE_URL is not set: production runs on PostgreSQL, not the embedded PGlite',
    );
  }
  if (!config.publicUrlSet) {
    problems.push(
      'PUBLIC_URL is not set: links, webhooks and the allowed Origin are built from it',
    );
  } else if (!config.publicUrl.startsWith('https://')) {
    problems.push('PUBLIC_URL must start with https:// (session cookies are Secure in production)');
  }
  if (!config.smtpUrl) {
    problems.push('SMTP_URL is not set: the embedded mail capture delivers nothing to shoppers');
  }
  if (!config.sms.providerChosen) {
    problems.push(
      'SMS_PROVIDER is not set: tencent sends codes and notices as SMS; log only writes them to the log and the staff mailbox',
    );
  }
  if (config.sandboxPay.embedded) {
    problems.push('SANDBOX_PAY_URL is not set: the in-process sandbox provider is for the demo');
  }
  if (config.sandboxPay.apiKey === DEMO_SANDBOX_API_KEY) {
    problems.push('SANDBOX_PAY_API_KEY is the public demo key');
  }
  if (config.sandboxPay.webhookSecret === DEMO_SANDBOX_WEBHOOK_SECRET) {
    problems.push('SANDBOX_PAY_WEBHOOK_SECRET is the public demo secret');
  }
  if (config.paymentProviders.length === 0) {
    problems.push(
      'PAYMENT_PROVIDERS is not set: no real payment channel is configured, and production does not offer the sandbox (it moves no money); list alipay, wechatpay and/or unionpay with their settings (docs/payments.md)',
    );
  }
  if (kind === 'serve') {
    if (config.appSecret === DEMO_APP_SECRET) {
      problems.push('APP_SECRET is not set (the demo secret is public): use 32+ random characters');
    } else if (config.appSecret.length < 32) {
      problems.push('APP_SECRET is shorter than 32 characters');
    }
  }
  return problems;
}

/** Throws one error listing every problem, so a deployer fixes them all in one go. */
export function assertProductionReady(config: AppConfig, kind: ProcessKind): void {
  const problems = productionProblems(config, kind);
  if (problems.length === 0) return;
  throw new Error(
    `Refusing to start in production mode (APP_ENV=production):\n${problems
      .map((p) => `  - ${p}`)
      .join('\n')}`,
  );
}
