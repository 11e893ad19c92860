import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/server/platform/db/client.js';
import { sessions } from '../../src/server/platform/db/schema/index.js';
import { hashToken } from '../../src/server/platform/http/session.js';

/** A session for the user, as logging in would make: the cookie's token. */
export async function createSession(db: Db, userId: number): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db
    .insert(sessions)
    .values({ idHash: hashToken(token), userId, expiresAt: new Date(Date.now() + 3_600_000) });
  return token;
}

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A signed-in caller over real HTTP (to another process): session cookie, the CSRF echo the
 * web app sends, JSON. Every request has a deadline, so a hang fails loudly instead of waiting.
 */
export class HttpClient {
  private readonly csrf = randomBytes(18).toString('base64url');

  constructor(
    readonly baseUrl: string,
    private readonly sessionToken: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async request<T = any>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: `btp_sid=${this.sessionToken}; btp_csrf=${this.csrf}`,
        'x-csrf-token': this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json'))
      parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
}
