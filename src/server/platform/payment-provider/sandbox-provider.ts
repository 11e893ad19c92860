import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  ProviderRejectedError,
  ProviderUnavailableError,
  ProviderWebhookError,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderPayment,
  type ProviderRefund,
  type RefundDestination,
} from './payment-provider.js';

/**
 * Adapter for the sandbox payment provider, spoken to only over its HTTP protocol
 * (it is a separate system: nothing here imports its code).
 */
export interface SandboxProviderOptions {
  /** e.g. `http://localhost:3100` */
  baseUrl: string;
  apiKey: string;
  webhookSecret: string;
  /** Per-request timeout. Default 5000 ms. */
  timeoutMs?: number;
  /** Accepted clock skew/age of a webhook signature. Default 300 s. */
  toleranceSeconds?: number;
}

/** Header of the webhook signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`. */
export const SANDBOX_SIGNATURE_HEADER = 'sandbox-signature';

const paymentSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['pending', 'succeeded', 'voided']),
  amount_fen: z.number().int(),
  channel: z.enum(['balance', 'alipay', 'wechat', 'card']).nullable(),
  merchant_order_no: z.string(),
  pay_url: z.string(),
  succeeded_at: z.iso.datetime({ offset: true }).nullable(),
});

const isoOrNull = z.iso.datetime({ offset: true }).nullable();

const refundSchema = z.object({
  id: z.string().min(1),
  payment_id: z.string().min(1),
  amount_fen: z.number().int(),
  status: z.enum(['pending', 'processing', 'succeeded', 'failed']),
  failure_reason: z.string().nullable(),
  channel: z.enum(['balance', 'alipay', 'wechat', 'card']),
  settled_at: isoOrNull,
  expected_settle_at: isoOrNull.optional(),
});

const eventSchema = z.discriminatedUnion('type', [
  z.object({
    id: z.string().min(1),
    type: z.enum(['payment.succeeded', 'payment.voided']),
    created: z.number().int(),
    data: z.object({ payment: paymentSchema }),
  }),
  z.object({
    id: z.string().min(1),
    type: z.enum(['refund.processing', 'refund.succeeded', 'refund.failed']),
    created: z.number().int(),
    data: z.object({ refund: refundSchema }),
  }),
]);

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

function toPayment(p: z.infer<typeof paymentSchema>): ProviderPayment {
  return {
    id: p.id,
    status: p.status,
    amountFen: p.amount_fen,
    channel: p.channel,
    merchantOrderNo: p.merchant_order_no,
    payUrl: p.pay_url,
    succeededAt: p.succeeded_at === null ? null : new Date(p.succeeded_at),
  };
}

function toRefund(r: z.infer<typeof refundSchema>): ProviderRefund {
  return {
    id: r.id,
    paymentId: r.payment_id,
    amountFen: r.amount_fen,
    status: r.status,
    failureReason: r.failure_reason,
    channel: r.channel,
    settledAt: r.settled_at === null ? null : new Date(r.settled_at),
    expectedSettleAt: r.expected_settle_at ? new Date(r.expected_settle_at) : null,
  };
}

function destinationBody(d: RefundDestination | undefined) {
  switch (d?.type) {
    case undefined:
      return undefined;
    case 'original':
      return { type: 'original' };
    case 'balance':
      return { type: 'balance', account_ref: d.accountRef };
    case 'bank_account':
      return { type: 'bank_account', bank: d.bank, account_no: d.accountNo };
  }
}

export function createSandboxProvider(opts: SandboxProviderOptions): PaymentProvider {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 5000;
  const toleranceSeconds = opts.toleranceSeconds ?? 300;

  async function request<S extends z.ZodType, T>(
    schema: S,
    map: (data: z.infer<S>) => T,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const what = `${method} ${path}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new ProviderUnavailableError(`Sandbox provider unreachable (${what})`, { cause: err });
    }
    if (res.status >= 500 || res.status === 429) {
      throw new ProviderUnavailableError(`Sandbox provider answered ${res.status} (${what})`);
    }
    const json = parseJson(text);
    if (res.status >= 400) {
      const error = errorSchema.safeParse(json);
      if (error.success) {
        throw new ProviderRejectedError(
          error.data.error.code,
          error.data.error.message,
          res.status,
        );
      }
      throw new ProviderRejectedError(
        `http_${res.status}`,
        `Sandbox provider answered ${res.status} (${what})`,
        res.status,
      );
    }
    const parsed = schema.safeParse(json);
    if (!res.ok || !parsed.success) {
      throw new ProviderUnavailableError(
        `Unexpected sandbox provider response ${res.status} (${what})`,
      );
    }
    return map(parsed.data);
  }

  const payment = (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => request(paymentSchema, toPayment, method, path, body, headers);
  const refund = (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => request(refundSchema, toRefund, method, path, body, headers);

  return {
    createPayment(input) {
      return payment(
        'POST',
        '/v1/payments',
        {
          amount_fen: input.amountFen,
          currency: 'CNY',
          merchant_order_no: input.merchantOrderNo,
          description: input.description,
          return_url: input.returnUrl,
          notify_url: input.notifyUrl,
        },
        { 'idempotency-key': input.idempotencyKey },
      );
    },

    getPayment(id) {
      return payment('GET', `/v1/payments/${encodeURIComponent(id)}`);
    },

    voidPayment(id) {
      return payment('POST', `/v1/payments/${encodeURIComponent(id)}/void`, {});
    },

    createRefund(input) {
      return refund(
        'POST',
        '/v1/refunds',
        {
          payment_id: input.paymentId,
          amount_fen: input.amountFen,
          ...(input.reason === undefined ? {} : { reason: input.reason }),
          notify_url: input.notifyUrl,
          ...(input.destination === undefined
            ? {}
            : { destination: destinationBody(input.destination) }),
        },
        { 'idempotency-key': input.idempotencyKey },
      );
    },

    getRefund(id) {
      return refund('GET', `/v1/refunds/${encodeURIComponent(id)}`);
    },

    parseWebhook(rawBody, headers, now) {
      const header = headerValue(headers, SANDBOX_SIGNATURE_HEADER);
      const signature = header === undefined ? null : parseSignatureHeader(header);
      if (!signature) throw new ProviderWebhookError('malformed');
      const expected = createHmac('sha256', opts.webhookSecret)
        .update(`${signature.timestamp}.${rawBody}`, 'utf8')
        .digest();
      if (!signature.v1.some((candidate) => constantTimeEqual(candidate, expected))) {
        throw new ProviderWebhookError('bad_signature');
      }
      const ageSeconds = Math.floor(now.getTime() / 1000) - signature.timestamp;
      if (Math.abs(ageSeconds) > toleranceSeconds) throw new ProviderWebhookError('stale');
      const event = eventSchema.safeParse(parseJson(rawBody));
      if (!event.success) throw new ProviderWebhookError('malformed');
      return toEvent(event.data);
    },
  };
}

function toEvent(e: z.infer<typeof eventSchema>): ProviderEvent {
  const created = new Date(e.created * 1000);
  switch (e.type) {
    case 'payment.succeeded':
    case 'payment.voided':
      return { id: e.id, type: e.type, created, payment: toPayment(e.data.payment) };
    case 'refund.processing':
    case 'refund.succeeded':
    case 'refund.failed':
      return { id: e.id, type: e.type, created, refund: toRefund(e.data.refund) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** `t=123,v1=abc[,v1=def]` → timestamp and candidate MACs; null if unusable. */
function parseSignatureHeader(header: string): { timestamp: number; v1: Buffer[] } | null {
  let timestamp: number | null = null;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) v1.push(Buffer.from(value, 'hex'));
  }
  return timestamp === null || v1.length === 0 ? null : { timestamp, v1 };
}

function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
