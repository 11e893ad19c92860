import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/server/platform/db/query.js';
import { routeTableOf, type RouteEntry } from '../../src/server/platform/http/route-table.js';
import { ADDRESS, createShop, createUser, loginAs } from '../support/factories.js';
import type { TestClient } from '../support/test-client.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

// Every route in the route table (hidden ones included) gets the requests an attacker or a
// broken client sends. None may answer 5xx, every refusal is in the one error shape, and nothing
// without a valid CSRF token (or from a foreign Origin) changes any row of any table.
let stack: TestStack;
let shopper: TestClient;
let operator: TestClient;
let orderNo: string;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const NUL = '\u0000';

beforeAll(async () => {
  stack = await startTestStack();
  const shop = await createShop(stack.db, { stock: 20 });
  shopper = await loginAs(stack, await createUser(stack.db));
  operator = await loginAs(stack, await createUser(stack.db, 'operator'));
  const placed = await shopper.post('/api/v1/orders', {
    items: [{ variantId: shop.variantIds[0], quantity: 1 }],
    fromCart: false,
    address: ADDRESS,
  });
  orderNo = placed.body.orders[0].orderNo;
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

/** A fingerprint of every row of every table: any committed change alters it. */
async function databaseFingerprint(): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    stack.db,
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ h: string | null }>(
      stack.db,
      sql.raw(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${name}" t`),
    );
    out[name] = row?.h ?? 'empty';
  }
  return out;
}

/** A path for the route: real-looking values, the shopper's order where one is asked for. */
function pathOf(route: RouteEntry, paramValue?: string): string {
  return route.url.replace(/:(\w+)/g, (_m, name: string) => {
    if (paramValue !== undefined) return paramValue;
    return name === 'orderNo' ? orderNo : '1';
  });
}

/** The same path with its first letter percent-encoded, which the router decodes back. */
function encodedPath(path: string): string {
  return path.replace(/^\/(\w)/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`);
}

function jsonSchemaOf(part: unknown): Record<string, unknown> | undefined {
  if (!(part instanceof z.ZodType)) return undefined;
  return z.toJSONSchema(part, { io: 'input', unrepresentable: 'any' });
}

/** A value of the schema's shape with a NUL byte in every string. */
function withNul(schema: Record<string, unknown> | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return `x${NUL}`;
  const options = (schema['anyOf'] ?? schema['oneOf']) as Record<string, unknown>[] | undefined;
  if (options?.[0]) return withNul(options[0], depth + 1);
  switch (schema['type']) {
    case 'object': {
      const props = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      const entries = Object.entries(props).map(([k, v]) => [k, withNul(v, depth + 1)]);
      return entries.length > 0 ? Object.fromEntries(entries) : { note: `x${NUL}` };
    }
    case 'array':
      return [withNul(schema['items'] as Record<string, unknown>, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return `x${NUL}`;
  }
}

function queryWithNul(route: RouteEntry): string {
  const schema = jsonSchemaOf(route.schema?.querystring);
  const names = Object.keys(schema?.['properties'] ?? {});
  return (names.length > 0 ? names : ['q']).map((n) => `${n}=x%00`).join('&');
}

interface Answer {
  what: string;
  status: number;
  body: unknown;
}

function problems(answers: Answer[]): string[] {
  const out: string[] = [];
  for (const a of answers) {
    if (a.status >= 500) out.push(`${a.what} → ${a.status}`);
    if (a.status >= 400) {
      const parsed = z
        .object({
          error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
        })
        .safeParse(a.body);
      if (!parsed.success) out.push(`${a.what} → ${a.status} not in the error shape`);
    }
  }
  return out;
}

async function send(
  client: TestClient | null,
  method: string,
  url: string,
  opts: { body?: string; headers?: Record<string, string>; token?: boolean } = {},
): Promise<{ status: number; body: unknown }> {
  const cookies: Record<string, string> = client
    ? { btp_sid: client.cookie('btp_sid') ?? '', btp_csrf: 'c'.repeat(32) }
    : {};
  const res = await stack.app.inject({
    method: method as 'POST',
    url,
    cookies,
    headers: {
      ...(opts.token ? { 'x-csrf-token': 'c'.repeat(32) } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { payload: opts.body } : {}),
  });
  let body: unknown = res.body;
  try {
    body = res.json();
  } catch {
    // not JSON: the error-shape check reports it for refusals
  }
  return { status: res.statusCode, body };
}

describe('hostile requests on every route of the route table', () => {
  it('walks more than 90 routes, hidden ones included', () => {
    const table = routeTableOf(stack.app);
    expect(table.length).toBeGreaterThan(90);
    expect(table.some((r) => r.url === '/api/v1/webhooks/sandbox-pay' && !r.csrf)).toBe(true);
  });

  it('changes nothing without the CSRF token, from a foreign Origin, or as text/plain', async () => {
    const before = await databaseFingerprint();
    const answers: Answer[] = [];
    const refusedWithoutToken: string[] = [];
    for (const route of routeTableOf(stack.app)) {
      if (!UNSAFE.has(route.method) || !route.csrf) continue;
      for (const client of [shopper, operator]) {
        const path = pathOf(route);
        const body = JSON.stringify(withNul(jsonSchemaOf(route.schema?.body)) ?? {}).replaceAll(
          '\\u0000',
          '',
        );
        const tries: [
          string,
          { body?: string; headers?: Record<string, string>; token?: boolean },
          string,
        ][] = [
          [path, { body }, 'no token'],
          [encodedPath(path), { body }, 'encoded path, no token'],
          [
            path,
            { body, token: true, headers: { origin: 'https://evil.example' } },
            'foreign Origin',
          ],
          [
            path,
            { body: 'a=1', token: true, headers: { 'content-type': 'text/plain' } },
            'text/plain',
          ],
        ];
        for (const [url, opts, what] of tries) {
          const res = await send(client, route.method, url, opts);
          answers.push({ what: `${route.method} ${url} (${what})`, ...res });
          if (res.status < 400)
            refusedWithoutToken.push(`${route.method} ${url} (${what}) → ${res.status}`);
        }
      }
    }
    expect(answers.length).toBeGreaterThan(200);
    expect(refusedWithoutToken).toEqual([]);
    expect(problems(answers)).toEqual([]);
    expect(await databaseFingerprint()).toEqual(before);
  });

  it('refuses a NUL byte in every string field and query parameter, and a 10 kB path parameter', async () => {
    const before = await databaseFingerprint();
    const answers: Answer[] = [];
    const accepted: string[] = [];
    const longParam = 'a'.repeat(10_000);
    for (const route of routeTableOf(stack.app)) {
      const path = pathOf(route);
      const unsafe = UNSAFE.has(route.method);
      const nulBody = unsafe
        ? JSON.stringify(withNul(jsonSchemaOf(route.schema?.body)))
        : undefined;
      const tries: [string, { body?: string; token?: boolean }, string][] = [
        [
          `${path}?${queryWithNul(route)}`,
          { token: true, ...(unsafe ? { body: '{}' } : {}) },
          'NUL query',
        ],
      ];
      // A body of numbers and booleans only has no string to carry a NUL.
      if (nulBody?.includes('\\u0000'))
        tries.push([path, { body: nulBody, token: true }, 'NUL body']);
      if (route.url.includes(':')) {
        tries.push([pathOf(route, `x${encodeURIComponent(NUL)}`), { token: true }, 'NUL path']);
        tries.push([pathOf(route, longParam), { token: true }, '10 kB path parameter']);
      }
      for (const [url, opts, what] of tries) {
        const res = await send(operator, route.method, url, opts);
        answers.push({ what: `${route.method} ${route.url} (${what})`, ...res });
        if (res.status < 400)
          accepted.push(`${route.method} ${route.url} (${what}) → ${res.status}`);
      }
    }
    expect(answers.length).toBeGreaterThan(200);
    expect(accepted).toEqual([]);
    expect(problems(answers)).toEqual([]);
    expect(await databaseFingerprint()).toEqual(before);
  });

  it('answers malformed cookies and unknown routes in the error shape', async () => {
    const answers: Answer[] = [];
    const cookies = [
      'btp_sid=%E0%A4%A',
      'btp_sid="unterminated',
      '=;;=;btp_csrf',
      `btp_sid=${'x'.repeat(5_000)}`,
      'btp_lang=%00',
    ];
    for (const cookie of cookies) {
      for (const [method, url] of [
        ['GET', '/api/v1/orders'],
        ['POST', '/api/v1/orders'],
        ['GET', '/api/v1/no-such-route'],
        ['DELETE', '/api/v1/no-such-route'],
      ] as const) {
        const res = await send(null, method, url, { headers: { cookie }, body: '{}' });
        answers.push({ what: `${method} ${url} cookie ${cookie.slice(0, 20)}`, ...res });
        expect(res.status, url).toBeGreaterThanOrEqual(400);
      }
    }
    expect(problems(answers)).toEqual([]);
  });
});
