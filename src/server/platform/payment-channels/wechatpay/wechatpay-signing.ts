import {
  constants,
  createDecipheriv,
  createSign,
  createVerify,
  publicEncrypt,
  randomBytes,
  type KeyLike,
} from 'node:crypto';

// WeChat Pay APIv3's signatures, on node:crypto. Every signed message is a few lines, each
// ending with "\n" (the last one too), signed SHA256-with-RSA (PKCS#1 v1.5), base64:
// - our requests: method, path with query, timestamp, nonce, body (empty for GET);
// - WeChat's answers and notifies: timestamp, nonce, body — with the Wechatpay-Timestamp,
//   -Nonce, -Signature and -Serial headers; Serial names the key (微信支付公钥 id).

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** The lines of a signature message, each followed by "\n". */
export function signatureMessage(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

export function requestMessage(
  method: string,
  pathWithQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return signatureMessage([method.toUpperCase(), pathWithQuery, timestamp, nonce, body]);
}

export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return signatureMessage([timestamp, nonce, body]);
}

export function rsaSign(message: string, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export function rsaVerify(message: string, signature: string, publicKey: KeyLike): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(message, 'utf8')
      .verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

export interface AuthorizationInput {
  mchId: string;
  serialNo: string;
  privateKey: KeyLike;
  method: string;
  pathWithQuery: string;
  body: string;
  timestamp?: string;
  nonce?: string;
}

/** The `Authorization` header of one request. */
export function authorization(input: AuthorizationInput): string {
  const timestamp = input.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = input.nonce ?? newNonce();
  const signature = rsaSign(
    requestMessage(input.method, input.pathWithQuery, timestamp, nonce, input.body),
    input.privateKey,
  );
  return (
    `${AUTH_SCHEMA} mchid="${input.mchId}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${input.serialNo}"`
  );
}

/** Reads the fields of an `Authorization` header; null when it is not WeChat Pay's schema. */
export function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    fields[m[1]!] = m[2]!;
  }
  return fields;
}

export type SignedHeadersProblem = 'bad_signature' | 'stale' | 'malformed';

/**
 * Checks the Wechatpay-* headers of an answer or notify over its raw body: the key named by
 * Wechatpay-Serial must be the one we hold, the timestamp within `toleranceSeconds` of now,
 * the signature valid. Answers the problem, or null.
 */
export function checkSignedHeaders(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  key: { publicKey: KeyLike; id: string },
  now: Date,
  toleranceSeconds = 300,
): SignedHeadersProblem | null {
  const h = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = h('wechatpay-timestamp');
  const nonce = h('wechatpay-nonce');
  const signature = h('wechatpay-signature');
  const serial = h('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestamp)) {
    return 'malformed';
  }
  // A probe from WeChat carries a signature starting like this and must never verify.
  if (signature.startsWith('WECHATPAY/SIGNTEST/')) return 'bad_signature';
  if (serial !== key.id) return 'bad_signature';
  if (!rsaVerify(responseMessage(timestamp, nonce, body), signature, key.publicKey)) {
    return 'bad_signature';
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return 'stale';
  return null;
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

/** AEAD_AES_256_GCM with the APIv3 key: the ciphertext is base64 of data followed by the 16-byte tag. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error('unknown algorithm');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(apiV3Key, 'utf8'),
    Buffer.from(resource.nonce, 'utf8'),
  );
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([
    decipher.update(data.subarray(0, data.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}

/** Sensitive fields (bank account, name) go encrypted to WeChat's public key: RSA-OAEP. */
export function encryptSensitive(text: string, publicKey: KeyLike): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(text, 'utf8'),
  ).toString('base64');
}
