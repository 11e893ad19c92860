/** Test helpers: a webhook receiver and a listening sandbox. Used by this folder's tests only. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSandboxPayApp, type SandboxPayApp, type SandboxPayOptions } from './app.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered. */
  status: number;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer for the n-th request (0-based). Default: always 200. */
  respond: (n: number) => number;
  close(): Promise<void>;
}

export async function startReceiver(respond: (n: number) => number = () => 200): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    respond,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = receiver.respond(receiver.received.length);
      receiver.received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/sandbox-pay`;
  return receiver;
}

export const API_KEY = 'sk_test_sandbox';
export const WEBHOOK_SECRET = 'whsec_test_sandbox';
export const PUBLIC_URL = 'http://pay.sandbox.test';

export interface RunningSandbox {
  app: SandboxPayApp;
  /** Where the server actually listens (pay_url uses PUBLIC_URL). */
  baseUrl: string;
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startSandbox(opts: Partial<SandboxPayOptions> = {}): Promise<RunningSandbox> {
  const app = await buildSandboxPayApp({
    publicUrl: PUBLIC_URL,
    apiKey: API_KEY,
    webhookSecret: WEBHOOK_SECRET,
    ...opts,
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl,
    api: (method, path, body, headers = {}) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: () => app.close(),
  };
}

export function paymentBody(notifyUrl: string, overrides: Record<string, unknown> = {}) {
  return {
    amount_fen: 1234,
    currency: 'CNY',
    merchant_order_no: 'BT20250101000001',
    description: '有机苹果 5kg',
    return_url: 'http://shop.test/orders/1',
    notify_url: notifyUrl,
    ...overrides,
  };
}

/** Polls until `check` returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A payment created and paid on the hosted page with `channel`; returns its id. */
export async function paidPayment(
  s: RunningSandbox,
  notifyUrl: string,
  opts: { channel?: string; amountFen?: number; key?: string } = {},
): Promise<string> {
  const res = await s.api(
    'POST',
    '/v1/payments',
    paymentBody(notifyUrl, { amount_fen: opts.amountFen ?? 10_000 }),
    { 'idempotency-key': opts.key ?? `pay-${Math.random().toString(36).slice(2)}` },
  );
  if (res.status !== 201) throw new Error(`payment create answered ${res.status}`);
  const { id } = (await res.json()) as { id: string };
  const paid = await fetch(`${s.baseUrl}/pay/${id}/confirm`, {
    method: 'POST',
    body: new URLSearchParams({ channel: opts.channel ?? 'card' }),
    redirect: 'manual',
  });
  if (paid.status !== 303) throw new Error(`pay confirm answered ${paid.status}`);
  return id;
}

export function refundBody(
  paymentId: string,
  notifyUrl: string,
  overrides: Record<string, unknown> = {},
) {
  return { payment_id: paymentId, amount_fen: 1000, notify_url: notifyUrl, ...overrides };
}

export interface RefundJsonT {
  id: string;
  payment_id: string;
  amount_fen: number;
  currency: 'CNY';
  reason: string | null;
  status: 'pending' | 'processing' | 'succeeded' | 'failed';
  failure_reason: string | null;
  channel: string;
  destination: Record<string, string>;
  created_at: string;
  settled_at: string | null;
  failed_at: string | null;
  expected_settle_at: string;
}

export type AdminRefundT = RefundJsonT & { movements: number; reversals: number };

/** POST /v1/refunds; `json` is undefined when the body is not JSON. */
export async function postRefund(
  s: RunningSandbox,
  key: string,
  body: Record<string, unknown>,
  init: { signal?: AbortSignal } = {},
): Promise<{ status: number; json: RefundJsonT & { error?: { code: string } }; res: Response }> {
  const res = await fetch(`${s.baseUrl}/v1/refunds`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${API_KEY}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
    signal: init.signal,
  });
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) as never, res };
}

export async function getRefund(s: RunningSandbox, id: string): Promise<RefundJsonT> {
  return (await (await s.api('GET', `/v1/refunds/${id}`)).json()) as RefundJsonT;
}

export async function adminRefunds(s: RunningSandbox): Promise<AdminRefundT[]> {
  return ((await (await s.api('GET', '/admin/refunds')).json()) as { data: AdminRefundT[] }).data;
}

export async function setFaults(s: RunningSandbox, faults: Record<string, unknown>): Promise<void> {
  const res = await s.api('POST', '/admin/faults', faults);
  if (res.status !== 200) throw new Error(`faults answered ${res.status}: ${await res.text()}`);
}

/** The parsed bodies of the webhooks a receiver got, in arrival order. */
export function receivedEvents(
  r: Receiver,
): { id: string; type: string; created: number; data: { refund?: RefundJsonT } }[] {
  return r.received.map((h) => JSON.parse(h.body) as never);
}
