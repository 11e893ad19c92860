// Alipay's signature rules as its gateway applies them (OpenAPI v2, RSA2):
// - requests: every parameter except `sign`, empty values dropped, sorted by name, `k=v`
//   joined with `&`, RSA-SHA256 with the application's key; Alipay checks it with the
//   application public key uploaded by the merchant.
// - answers: the JSON text of the `<method>_response` member, signed with Alipay's key.
// - async notifies: every parameter except `sign` and `sign_type`, same rule, Alipay's key.
import { createSign, createVerify, type KeyObject } from 'node:crypto';

export function signContent(params: Record<string, string>, exclude: readonly string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '' && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function rsa2Sign(content: string, key: KeyObject | string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64');
}

export function rsa2Verify(content: string, signature: string, key: KeyObject | string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(key, signature, 'base64');
  } catch {
    return false;
  }
}
