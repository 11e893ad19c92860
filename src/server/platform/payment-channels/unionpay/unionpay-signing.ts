import { createHash, createSign, createVerify, X509Certificate, type KeyLike } from 'node:crypto';
import forge from 'node-forge';

// UnionPay online gateway (全渠道), version 5.1.0, signMethod 01, on node:crypto:
// - the string to sign: every field but `signature`, sorted by name (Java String order, which
//   is JavaScript's default sort), as `k=v` joined with `&`;
// - its SHA-256 as lowercase hex, and that hex text signed SHA256-with-RSA, base64;
// - our requests carry `certId`, the decimal serial number of our signing certificate (kept
//   with its key in a PFX); UnionPay's answers and notifies carry `signPubKeyCert`, its signing
//   certificate, which must chain to the configured intermediate and root and name 中国银联.
// node:crypto cannot read PKCS#12, so node-forge opens the PFX; everything else is node:crypto.

export const UNIONPAY_SIGNER_NAME = '中国银联股份有限公司';

export function signContent(fields: Record<string, string>): string {
  return Object.keys(fields)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
}

function digestHex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

export function sign01(fields: Record<string, string>, privateKey: KeyLike): string {
  return createSign('RSA-SHA256')
    .update(digestHex(signContent(fields)), 'utf8')
    .sign(privateKey, 'base64');
}

export function verify01(fields: Record<string, string>, publicKey: KeyLike): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(digestHex(signContent(fields)), 'utf8')
      .verify(publicKey, fields.signature ?? '', 'base64');
  } catch {
    return false;
  }
}

export interface SigningKey {
  privateKeyPem: string;
  /** Decimal serial number of the signing certificate. */
  certId: string;
}

/** The signing key and certificate serial from a PFX; throws when the password is wrong. */
export function readSigningPfx(pfx: Buffer, password: string): SigningKey {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString('binary')), password);
  const bag = (type: string) => p12.getBags({ bagType: type })[type]?.[0];
  const oids = forge.pki.oids as Record<string, string>;
  const keyBag = bag(oids.pkcs8ShroudedKeyBag!) ?? bag(oids.keyBag!);
  const certBag = bag(oids.certBag!);
  if (!keyBag?.key || !certBag?.cert) throw new Error('the PFX holds no key and certificate');
  return {
    privateKeyPem: forge.pki.privateKeyToPem(keyBag.key),
    certId: BigInt(`0x${certBag.cert.serialNumber}`).toString(10),
  };
}

export type SignerProblem = 'not_a_certificate' | 'outside_chain' | 'expired' | 'not_unionpay';

/**
 * Checks a `signPubKeyCert` as UnionPay's own SDK does: valid now, issued and signed by the
 * intermediate, which is a CA issued and signed by the root; its CN's third `@` part names
 * UnionPay. Answers the problem, or null.
 */
export function checkSignerCertificate(
  pem: string,
  chain: { middle: X509Certificate; root: X509Certificate },
  now: Date,
): SignerProblem | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return 'not_a_certificate';
  }
  const { middle, root } = chain;
  const linked =
    cert.checkIssued(middle) &&
    cert.verify(middle.publicKey) &&
    middle.ca &&
    middle.checkIssued(root) &&
    middle.verify(root.publicKey) &&
    root.ca &&
    root.verify(root.publicKey);
  if (!linked) return 'outside_chain';
  for (const c of [cert, middle, root]) {
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) return 'expired';
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
  if (cn.split('@')[2] !== UNIONPAY_SIGNER_NAME) return 'not_unionpay';
  return null;
}

/**
 * UnionPay's synchronous answers are `k=v&k=v` without URL encoding; a value may hold a
 * `{…}` group (reserved fields) with `&` inside, which stays part of the value.
 */
export function parseAnswer(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let depth = 0;
  let start = 0;
  const take = (end: number) => {
    const pair = text.slice(start, end);
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === '&' && depth === 0) {
      take(i);
      start = i + 1;
    }
  }
  take(text.length);
  return out;
}

/**
 * UnionPay's `orderId` takes 8-40 letters and digits. Keys that fit are used as they are;
 * others (ours contain `-`) become `R` + 31 hex characters of their SHA-256: the same key
 * always gives the same orderId, so a retry reaches the same refund.
 */
export function unionPayOrderId(key: string): string {
  if (/^[A-Za-z0-9]{8,40}$/.test(key)) return key;
  return `R${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 31)}`;
}
