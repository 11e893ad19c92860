import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { merchantPfx, unionPayChain } from '../../../../tests/support/fake-unionpay/certs.js';
import { loadProviderSettings, ProviderConfigError } from './config.js';

let privatePem: string;
let publicPem: string;
let certPem: string;
let pfx: Buffer;

beforeAll(() => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const chain = unionPayChain();
  certPem = chain.root.pem;
  pfx = merchantPfx(chain.middle, '000000').pfx;
}, 60_000); // fresh RSA keys: slow on a busy machine

function problems(env: Record<string, string>): string[] {
  try {
    loadProviderSettings(env, () => {
      throw new Error('ENOENT');
    });
    return [];
  } catch (err) {
    if (err instanceof ProviderConfigError) return err.problems;
    throw err;
  }
}

describe('payment provider settings', { timeout: 30_000 }, () => {
  it('runs no real provider when none is listed', () => {
    expect(loadProviderSettings({})).toEqual({
      enabled: [],
      alipay: null,
      wechatpay: null,
      unionpay: null,
    });
  });

  it('reads listed providers: keys inline with escaped newlines, the PFX from a file or base64', () => {
    const env = {
      PAYMENT_PROVIDERS: 'alipay, unionpay',
      ALIPAY_APP_ID: '2021000000000001',
      ALIPAY_PRIVATE_KEY: privatePem.replaceAll('\n', '\\n'),
      ALIPAY_PUBLIC_KEY: publicPem,
      UNIONPAY_MER_ID: '777290058110048',
      UNIONPAY_SIGN_CERT_FILE: '/keys/sign.pfx',
      UNIONPAY_SIGN_CERT_PASSWORD: '000000',
      UNIONPAY_ROOT_CERT: certPem,
      UNIONPAY_MIDDLE_CERT: certPem,
    };
    const s = loadProviderSettings(env, (p) => {
      if (p === '/keys/sign.pfx') return pfx;
      throw new Error('ENOENT');
    });
    expect(s.enabled).toEqual(['alipay', 'unionpay']);
    expect(s.alipay?.privateKeyPem).toBe(privatePem.trim());
    expect(s.alipay?.gateway).toBe('https://openapi.alipay.com/gateway.do');
    expect(s.unionpay?.signPfx.equals(pfx)).toBe(true);
    expect(s.wechatpay).toBeNull();
    const inline = loadProviderSettings({
      ...env,
      UNIONPAY_SIGN_CERT_FILE: '',
      UNIONPAY_SIGN_CERT: pfx.toString('base64'),
    });
    expect(inline.unionpay?.signPfx.equals(pfx)).toBe(true);
  });

  it('names every missing or unusable setting at once, never a value', () => {
    const found = problems({
      PAYMENT_PROVIDERS: 'wechatpay,unionpay,paypal',
      WECHATPAY_MCH_ID: '1900009191',
      WECHATPAY_APIV3_KEY: 'short-secret',
      WECHATPAY_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----',
      WECHATPAY_PUBLIC_KEY: 'not a pem',
      UNIONPAY_SIGN_CERT_FILE: '/keys/missing.pfx',
      UNIONPAY_ROOT_CERT: certPem,
    });
    expect(found).toEqual([
      'PAYMENT_PROVIDERS names "paypal" (known: alipay, wechatpay, unionpay)',
      'WECHATPAY_APIV3_KEY must be 32 bytes',
      'WECHATPAY_APP_ID is missing',
      'WECHATPAY_PRIVATE_KEY cannot be read as a private key',
      'WECHATPAY_CERT_SERIAL_NO is missing',
      'WECHATPAY_PUBLIC_KEY is not a PEM PUBLIC KEY',
      'WECHATPAY_PUBLIC_KEY_ID is missing',
      'UNIONPAY_MER_ID is missing',
      'UNIONPAY_SIGN_CERT_FILE cannot be read',
      'UNIONPAY_SIGN_CERT_PASSWORD is missing',
      'UNIONPAY_MIDDLE_CERT (or UNIONPAY_MIDDLE_CERT_FILE) is missing',
    ]);
    expect(found.join(' ')).not.toContain('short-secret');
  });

  it('says when the PFX password does not open the PFX', () => {
    const found = problems({
      PAYMENT_PROVIDERS: 'unionpay',
      UNIONPAY_MER_ID: '777290058110048',
      UNIONPAY_SIGN_CERT: pfx.toString('base64'),
      UNIONPAY_SIGN_CERT_PASSWORD: 'wrong',
      UNIONPAY_ROOT_CERT: certPem,
      UNIONPAY_MIDDLE_CERT: certPem,
    });
    expect(found).toEqual(['UNIONPAY_SIGN_CERT does not open with UNIONPAY_SIGN_CERT_PASSWORD']);
  });
});
