import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from './config.js';
import { PROVIDER_ENV_VARIABLES } from './payment-channels/config.js';
import { productionProblems } from './production-checks.js';

const ready = {
  APP_ENV: 'production',
  DATABASE_URL: 'postgres://app@db/btp',
  PUBLIC_URL: 'https://shop.example.cn',
  SMTP_URL: 'smtp://mail.example.cn:587',
  SANDBOX_PAY_URL: 'https://pay.example.cn',
  SANDBOX_PAY_API_KEY: 'sk_live_0123456789',
  SANDBOX_PAY_WEBHOOK_SECRET: 'whsec_live_0123456789',
  APP_SECRET: 'x'.repeat(40),
  SMS_PROVIDER: 'log',
  PAYMENT_PROVIDERS: 'alipay,wechatpay',
};

describe('a production start', () => {
  it('has nothing to refuse when every secret and address is set', () => {
    const config = loadConfig(ready);
    expect(productionProblems(config, 'serve')).toEqual([]);
    expect(config.seedDemo).toBe(false);
    expect(config.secureCookies).toBe(true);
  });

  it('names each demo secret and missing setting', () => {
    const problems = productionProblems(loadConfig({ NODE_ENV: 'production' }), 'serve');
    const named = problems.map((p) => p.split(' ')[0]);
    expect(named).toEqual([
      'DATABASE_URL',
      'PUBLIC_URL',
      'SMTP_URL',
      'SMS_PROVIDER',
      'SANDBOX_PAY_URL',
      'SANDBOX_PAY_API_KEY',
      'SANDBOX_PAY_WEBHOOK_SECRET',
      'PAYMENT_PROVIDERS',
      'APP_SECRET',
    ]);
  });

  it('refuses to run without a real payment channel, even with every other setting right', () => {
    const problems = productionProblems(
      loadConfig({ ...ready, PAYMENT_PROVIDERS: ' , ' }),
      'serve',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PAYMENT_PROVIDERS is not set: no real payment channel/);
    // Workers move refunds: the same rule.
    expect(productionProblems(loadConfig({ ...ready, PAYMENT_PROVIDERS: '' }), 'worker')).toEqual([
      problems[0],
    ]);
  });

  it('refuses a plain-http public address and a short secret', () => {
    const problems = productionProblems(
      loadConfig({ ...ready, PUBLIC_URL: 'http://shop.example.cn', APP_SECRET: 'short' }),
      'serve',
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PUBLIC_URL must start with https/);
    expect(problems[1]).toMatch(/^APP_SECRET is shorter/);
  });

  it('seeds the demo only when asked', () => {
    expect(loadConfig({ ...ready, SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });
});

describe('a development start', () => {
  it('runs the demo on its public keys', () => {
    const config = loadConfig({});
    expect(config.appEnv).toBe('development');
    expect(config.seedDemo).toBe(true);
    expect(productionProblems(config, 'serve')).toEqual([]);
    expect(config.secureCookies).toBe(false);
  });
});

describe('the README production table', () => {
  it('lists every variable the server reads', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Production settings'));
    const missing = CONFIG_VARIABLES.filter((v) => !table.includes(`\`${v}\``));
    expect(missing).toEqual([]);
  });

  it("lists every payment channel's variable", () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Production settings'));
    const missing = PROVIDER_ENV_VARIABLES.filter((v) => !table.includes(`\`${v}\``));
    expect(missing).toEqual([]);
  });
});
