import { createHmac } from 'node:crypto';

/** Signs a body as the payment provider does (`t=<unix s>,v1=<hex HMAC-SHA256>`): for forging tests. */
export function signWebhook(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}
