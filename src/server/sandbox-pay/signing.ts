import { createHmac } from 'node:crypto';

/** Name of the header carrying the webhook signature. */
export const SIGNATURE_HEADER = 'Sandbox-Signature';

/**
 * The `Sandbox-Signature` header value for a webhook body:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<rawBody>")>`.
 */
export function sign(secret: string, timestamp: number, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}
