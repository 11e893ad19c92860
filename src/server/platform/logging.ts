import pino, { type Logger } from 'pino';

/** 13800000001 → 138****0001; anything else that is not a plain mobile is hidden whole. */
export function maskMobile(value: unknown): string {
  const s = typeof value === 'string' ? value : '';
  const m = /^(\+?86)?(1\d{2})\d{4}(\d{4})$/.exec(s.replace(/[\s-]/g, ''));
  return m ? `${m[2] ?? ''}****${m[3] ?? ''}` : '[redacted]';
}

const SECRET_KEYS = [
  'password',
  'newPassword',
  'emailCode',
  'smsCode',
  'token',
  'secret',
  'apiKey',
  'webhookSecret',
  'authorization',
  'cookie',
  'x-csrf-token',
  'idempotency-key',
];
const MOBILE_KEYS = ['mobile', 'receiverPhone', 'phone', 'to'];

/** Paths redacted at the top level of a log line and one or two objects down. */
function pathsFor(keys: string[]): string[] {
  const quoted = keys.map((k) => (/^[A-Za-z_]\w*$/.test(k) ? k : `["${k}"]`));
  const at = (prefix: string) =>
    quoted.map((k) => (k.startsWith('[') ? `${prefix}${k}` : `${prefix}.${k}`));
  return [...quoted, ...at('*'), ...at('*.*'), ...at('req.headers')];
}

/** A failed query's message lists its parameters (emails, mobiles, amounts): keep the SQL only. */
function withoutParams(text: string): string {
  return text.replace(/\nparams: [^\n]*/g, '\nparams: [redacted]');
}

function serializeError(err: Error): pino.SerializedError {
  const out = pino.stdSerializers.err(err);
  out.message = withoutParams(out.message);
  out.stack = withoutParams(out.stack);
  return out;
}

/**
 * The process logger. Passwords, verification codes, tokens and secrets never reach a log line;
 * mobile numbers are masked (138****0001) so a line still tells support which shopper it was.
 */
export function createLogger(level: string): Logger {
  const mobilePaths = new Set(pathsFor(MOBILE_KEYS));
  return pino({
    level,
    serializers: { err: serializeError },
    redact: {
      paths: [...pathsFor(SECRET_KEYS), ...mobilePaths],
      censor: (value, path) => {
        const last = path.at(-1) ?? '';
        return MOBILE_KEYS.includes(last) ? maskMobile(value) : '[redacted]';
      },
    },
  });
}
