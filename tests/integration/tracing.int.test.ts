import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID_ATTRIBUTE } from '../../src/server/platform/tracing.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { waitFor } from './worker-process.js';

// With OTEL_EXPORTER_OTLP_ENDPOINT set, every request is traced (@fastify/otel) and exported
// over OTLP/HTTP; the request span carries the request id that error bodies and logs show, so
// an operator goes from a shopper's error report to its trace.

interface OtlpSpan {
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

let stack: TestStack;
let collector: http.Server;
const spans: OtlpSpan[] = [];
beforeAll(async () => {
  // A loopback OTLP/HTTP collector: keeps the spans it is sent.
  collector = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const rs of body.resourceSpans)
          for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  stack = await startTestStack({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
  });
});
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => collector?.close(() => resolve()));
});

const attr = (s: OtlpSpan, key: string) => s.attributes.find((a) => a.key === key)?.value;

describe('OpenTelemetry traces', () => {
  it('exports a span per request that carries the request id of the error body', async () => {
    const client = stack.client();
    const missing = await client.get('/api/v1/orders/000000000000000000');
    expect(missing.status).toBe(401);
    const requestId = missing.body.error.requestId as string;
    expect((await client.get('/api/v1/session')).status).toBe(200);

    const tracing = stack.runtime.deps.tracing;
    expect(tracing).toBeDefined();
    const withId = (id: string) =>
      spans.find((s) => s.name === 'request' && attr(s, REQUEST_ID_ATTRIBUTE)?.stringValue === id);
    const arrived = await waitFor(async () => {
      await tracing?.flush();
      return withId(requestId) !== undefined;
    }, 10_000);
    expect(arrived).toBe(true);
    expect(attr(withId(requestId)!, 'http.route')?.stringValue).toBe('/api/v1/orders/:orderNo');

    const session = spans.find(
      (s) => s.name === 'request' && attr(s, 'http.route')?.stringValue === '/api/v1/session',
    );
    expect(attr(session!, REQUEST_ID_ATTRIBUTE)?.stringValue).toMatch(/^[0-9a-f-]{36}$/);
    // Probes are not traced.
    await client.get('/healthz');
    await tracing?.flush();
    expect(spans.some((s) => attr(s, 'url.path')?.stringValue === '/healthz')).toBe(false);
  });
});
