import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PROVIDER_NAMES, type ProviderName } from './channel-provider.js';
import { readSigningPfx } from './unionpay/unionpay-signing.js';

/**
 * Settings of the real payment providers, from the environment. `PAYMENT_PROVIDERS` lists the
 * ones to run (none: the sandbox alone); each listed provider must have all its settings, else
 * start-up stops with one message naming every missing or unreadable variable. A secret is
 * given either inline (`X`: PEM with real or `\n`-escaped newlines; the PFX as base64) or as a
 * file (`X_FILE`).
 * Values are never put in messages.
 */
export interface AlipaySettings {
  appId: string;
  /** The application's private key, PKCS#8 PEM (RSA2). */
  privateKeyPem: string;
  /** Alipay's public key (公钥模式), PEM: answers and notifies are checked against it. */
  alipayPublicKeyPem: string;
  gateway: string;
  /** The merchant's 2088… partner id; a notify for another seller is refused when set. */
  sellerId: string | null;
}

export interface WechatPaySettings {
  mchId: string;
  appId: string;
  /** apiclient_key.pem, the merchant API certificate's private key. */
  merchantPrivateKeyPem: string;
  /** Serial number of the merchant API certificate. */
  merchantSerialNo: string;
  /** 微信支付公钥 (PEM) and its id `PUB_KEY_ID_…`: answers and notifies are checked against it. */
  platformPublicKeyPem: string;
  platformPublicKeyId: string;
  /** APIv3 key (32 characters): decrypts notify resources (AEAD_AES_256_GCM). */
  apiV3Key: string;
  baseUrl: string;
}

export interface UnionPaySettings {
  merId: string;
  /** The merchant signing certificate with its key (PKCS#12). */
  signPfx: Buffer;
  signPfxPassword: string;
  /** UnionPay's root and intermediate certificates (PEM): the chain its signing certificate must chain to. */
  rootCertPem: string;
  middleCertPem: string;
  /** Host of gateway.95516.com's APIs (front, back, query). */
  gateway: string;
  /** Host of the statement file transfer. */
  fileGateway: string;
}

export interface ProviderSettings {
  enabled: ProviderName[];
  alipay: AlipaySettings | null;
  wechatpay: WechatPaySettings | null;
  unionpay: UnionPaySettings | null;
}

/** Every variable this file reads (for the README's production table). */
export const PROVIDER_ENV_VARIABLES = [
  'PAYMENT_PROVIDERS',
  'ALIPAY_APP_ID',
  'ALIPAY_PRIVATE_KEY',
  'ALIPAY_PUBLIC_KEY',
  'ALIPAY_GATEWAY',
  'ALIPAY_SELLER_ID',
  'WECHATPAY_MCH_ID',
  'WECHATPAY_APP_ID',
  'WECHATPAY_PRIVATE_KEY',
  'WECHATPAY_CERT_SERIAL_NO',
  'WECHATPAY_PUBLIC_KEY',
  'WECHATPAY_PUBLIC_KEY_ID',
  'WECHATPAY_APIV3_KEY',
  'WECHATPAY_BASE_URL',
  'UNIONPAY_MER_ID',
  'UNIONPAY_SIGN_CERT',
  'UNIONPAY_SIGN_CERT_PASSWORD',
  'UNIONPAY_ROOT_CERT',
  'UNIONPAY_MIDDLE_CERT',
  'UNIONPAY_GATEWAY',
  'UNIONPAY_FILE_GATEWAY',
] as const;

export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';
  constructor(public readonly problems: string[]) {
    super(`Payment provider settings: ${problems.join('; ')}`);
  }
}

type Env = Record<string, string | undefined>;
type ReadFile = (path: string) => Buffer;

class Reader {
  readonly problems: string[] = [];
  constructor(
    private readonly env: Env,
    private readonly readFile: ReadFile,
  ) {}

  text(name: string): string {
    const value = this.env[name]?.trim();
    if (!value) {
      this.problems.push(`${name} is missing`);
      return '';
    }
    return value;
  }

  optional(name: string, fallback: string): string {
    return this.env[name]?.trim() || fallback;
  }

  /** `name` inline, or the contents of the file named by `name_FILE`. */
  secret(name: string): Buffer {
    const inline = this.env[name];
    const file = this.env[`${name}_FILE`]?.trim();
    if (inline?.trim()) return Buffer.from(inline.replaceAll('\\n', '\n'), 'utf8');
    if (file) {
      try {
        return this.readFile(file);
      } catch {
        this.problems.push(`${name}_FILE cannot be read`);
        return Buffer.alloc(0);
      }
    }
    this.problems.push(`${name} (or ${name}_FILE) is missing`);
    return Buffer.alloc(0);
  }

  /** Binary (a PFX): `name` inline as base64, or the file named by `name_FILE`. */
  binary(name: string): Buffer {
    const inline = this.env[name]?.trim();
    if (inline) {
      if (!/^[A-Za-z0-9+/=\s]+$/.test(inline)) this.problems.push(`${name} is not base64`);
      return Buffer.from(inline, 'base64');
    }
    return this.secret(name);
  }

  /** A PEM that must open as what it claims to be (checked now, not at the first payment). */
  pem(name: string, kind: 'PRIVATE KEY' | 'PUBLIC KEY' | 'CERTIFICATE'): string {
    const value = this.secret(name).toString('utf8').trim();
    if (!value) return value;
    if (!value.includes(`-----BEGIN ${kind}-----`)) {
      this.problems.push(`${name} is not a PEM ${kind}`);
      return value;
    }
    try {
      if (kind === 'PRIVATE KEY') createPrivateKey(value);
      else if (kind === 'PUBLIC KEY') createPublicKey(value);
      else new X509Certificate(value);
    } catch {
      this.problems.push(`${name} cannot be read as a ${kind.toLowerCase()}`);
    }
    return value;
  }
}

function readAlipay(r: Reader): AlipaySettings {
  return {
    appId: r.text('ALIPAY_APP_ID'),
    privateKeyPem: r.pem('ALIPAY_PRIVATE_KEY', 'PRIVATE KEY'),
    alipayPublicKeyPem: r.pem('ALIPAY_PUBLIC_KEY', 'PUBLIC KEY'),
    gateway: r.optional('ALIPAY_GATEWAY', 'https://openapi.alipay.com/gateway.do'),
    sellerId: r.optional('ALIPAY_SELLER_ID', '') || null,
  };
}

function readWechatPay(r: Reader): WechatPaySettings {
  const apiV3Key = r.text('WECHATPAY_APIV3_KEY');
  if (apiV3Key && Buffer.byteLength(apiV3Key) !== 32) {
    r.problems.push('WECHATPAY_APIV3_KEY must be 32 bytes');
  }
  return {
    mchId: r.text('WECHATPAY_MCH_ID'),
    appId: r.text('WECHATPAY_APP_ID'),
    merchantPrivateKeyPem: r.pem('WECHATPAY_PRIVATE_KEY', 'PRIVATE KEY'),
    merchantSerialNo: r.text('WECHATPAY_CERT_SERIAL_NO'),
    platformPublicKeyPem: r.pem('WECHATPAY_PUBLIC_KEY', 'PUBLIC KEY'),
    platformPublicKeyId: r.text('WECHATPAY_PUBLIC_KEY_ID'),
    apiV3Key,
    baseUrl: r.optional('WECHATPAY_BASE_URL', 'https://api.mch.weixin.qq.com'),
  };
}

function readUnionPay(r: Reader): UnionPaySettings {
  const settings: UnionPaySettings = {
    merId: r.text('UNIONPAY_MER_ID'),
    signPfx: r.binary('UNIONPAY_SIGN_CERT'),
    signPfxPassword: r.text('UNIONPAY_SIGN_CERT_PASSWORD'),
    rootCertPem: r.pem('UNIONPAY_ROOT_CERT', 'CERTIFICATE'),
    middleCertPem: r.pem('UNIONPAY_MIDDLE_CERT', 'CERTIFICATE'),
    gateway: r.optional('UNIONPAY_GATEWAY', 'https://gateway.95516.com'),
    fileGateway: r.optional('UNIONPAY_FILE_GATEWAY', 'https://filedownload.95516.com'),
  };
  if (settings.signPfx.length > 0 && settings.signPfxPassword) {
    try {
      readSigningPfx(settings.signPfx, settings.signPfxPassword);
    } catch {
      r.problems.push('UNIONPAY_SIGN_CERT does not open with UNIONPAY_SIGN_CERT_PASSWORD');
    }
  }
  return settings;
}

/** Throws ProviderConfigError naming every problem at once. */
export function loadProviderSettings(
  env: Env = process.env,
  readFile: ReadFile = (p) => readFileSync(p),
): ProviderSettings {
  const r = new Reader(env, readFile);
  const listed = (env.PAYMENT_PROVIDERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const enabled: ProviderName[] = [];
  for (const name of listed) {
    if ((PROVIDER_NAMES as readonly string[]).includes(name)) {
      if (!enabled.includes(name as ProviderName)) enabled.push(name as ProviderName);
    } else {
      r.problems.push(`PAYMENT_PROVIDERS names "${name}" (known: ${PROVIDER_NAMES.join(', ')})`);
    }
  }
  const settings: ProviderSettings = {
    enabled,
    alipay: enabled.includes('alipay') ? readAlipay(r) : null,
    wechatpay: enabled.includes('wechatpay') ? readWechatPay(r) : null,
    unionpay: enabled.includes('unionpay') ? readUnionPay(r) : null,
  };
  if (r.problems.length > 0) throw new ProviderConfigError(r.problems);
  return settings;
}
