import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readiness } from '../health.js';
import { bearerMatches } from './bearer.js';
import type { Metrics } from './metrics.js';

export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The operations port (METRICS_PORT): `/metrics` for Prometheus, `/healthz` (the process is
 * alive) and `/readyz` (it can do its work) for the orchestrator. Kept off the public port;
 * the worker process has no other HTTP server, so this is its health endpoint.
 */
export async function startOpsServer(opts: {
  port: number;
  host: string;
  metrics: Metrics;
  ready: () => Promise<Readiness>;
  /** When set, /metrics asks for `Authorization: Bearer <token>` here too. */
  token?: string | undefined;
}): Promise<OpsServer> {
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' });
    void (async () => {
      try {
        if (path === '/metrics') {
          if (opts.token && !bearerMatches(req.headers, opts.token))
            return json(res, 401, { error: 'unauthorized' });
          const text = await opts.metrics.registry.metrics();
          res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
          return res.end(text);
        }
        if (path === '/healthz') return json(res, 200, { ok: true });
        if (path === '/readyz') {
          const r = await opts.ready();
          return json(res, r.ok ? 200 : 503, r);
        }
        return json(res, 404, { error: 'not found' });
      } catch {
        return json(res, 500, { error: 'internal' });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
