import http from 'node:http';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Keep-alive sockets shared by every client of a benchmark (real TCP, no app.inject). */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * A small browser-like HTTP/1.1 client over node:http: keeps cookies and echoes the CSRF
 * cookie in `x-csrf-token` on unsafe methods, as the web app does.
 */
export class HttpClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse> {
    const url = new URL(path, this.baseUrl);
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const h: Record<string, string> = { ...headers };
    if (payload !== undefined && !h['content-type']) h['content-type'] = 'application/json';
    if (payload !== undefined) h['content-length'] = String(Buffer.byteLength(payload));
    if (this.cookies.size > 0)
      h['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('btp_csrf');
    if (method !== 'GET' && csrf) h['x-csrf-token'] = csrf;
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers: h, agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            const eq = pair?.indexOf('=') ?? -1;
            if (pair && eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string): Promise<HttpResponse> {
    return this.request('GET', path);
  }

  /** Expects `status`; returns the parsed JSON body. */
  async json<T = any>(
    method: string,
    path: string,
    body?: unknown,
    expect = 200,
    headers?: Record<string, string>,
  ): Promise<T> {
    const res = await this.request(method, path, body, headers);
    if (res.status !== expect)
      throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    return JSON.parse(res.text) as T;
  }

  /** Logs in through the real endpoint (session + CSRF cookies end up in the jar). */
  async login(account: string, password: string): Promise<void> {
    await this.get('/api/v1/session');
    await this.json('POST', '/api/v1/auth/login', { account, password });
  }
}
