import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** What a deployer sees who starts production mode with the demo's settings left in place. */
function startInProduction(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'serve'], {
      env: { PATH: process.env['PATH'] ?? '', APP_ENV: 'production', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('a production start', () => {
  it('refuses the demo secrets and missing settings, naming each, before touching anything', async () => {
    const { code, output } = await startInProduction({
      SANDBOX_PAY_URL: 'https://pay.example.test',
      PUBLIC_URL: 'https://shop.example.test',
    });
    expect(code).toBe(1);
    expect(output).toContain('Refusing to start in production mode');
    for (const name of [
      'DATABASE_URL',
      'SMTP_URL',
      'SANDBOX_PAY_API_KEY is the public demo key',
      'SANDBOX_PAY_WEBHOOK_SECRET is the public demo secret',
      'APP_SECRET',
      'PAYMENT_PROVIDERS is not set: no real payment channel is configured',
    ]) {
      expect(output).toContain(name);
    }
    // What was set is not reported.
    expect(output).not.toContain('PUBLIC_URL');
    expect(output).not.toContain('SANDBOX_PAY_URL is not set');
    // No stack trace for a deployer's mistake.
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses to run on the sandbox alone, saying a real channel is needed', async () => {
    const { code, output } = await startInProduction({
      PUBLIC_URL: 'https://shop.example.test',
      DATABASE_URL: 'postgres://app@127.0.0.1:9/btp',
      SMTP_URL: 'smtp://127.0.0.1:9',
      SMS_PROVIDER: 'log',
      SANDBOX_PAY_URL: 'https://pay.example.test',
      SANDBOX_PAY_API_KEY: 'sk_live_0123456789',
      SANDBOX_PAY_WEBHOOK_SECRET: 'whsec_live_0123456789',
      APP_SECRET: 'x'.repeat(40),
    });
    expect(code).toBe(1);
    expect(output).toContain('Refusing to start in production mode');
    expect(output).toContain('PAYMENT_PROVIDERS is not set');
    expect(output).toContain('production does not offer the sandbox');
    // That is the one problem: nothing else is reported.
    expect(output.match(/^\s+- /gm)).toHaveLength(1);
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);
});
