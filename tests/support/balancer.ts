import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** The app processes behind it (http://host:port); replace one when it is restarted. */
  backends: string[];
  close(): Promise<void>;
}

/**
 * A round-robin HTTP load balancer in front of several app processes, as production has: the
 * processes share its address as PUBLIC_URL (webhooks and return URLs point at it). A backend
 * that refuses the connection (a killed process) is skipped for that request; a connection
 * lost mid-request is answered 502, which clients retry, as behind a real one.
 */
export async function startBalancer(backends: string[]): Promise<Balancer> {
  let next = 0;
  const state = { backends: [...backends] };
  const forward = (
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
    tries: number,
  ): void => {
    const target = new URL(state.backends[next++ % state.backends.length] ?? '');
    const up = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        // The backend dying mid-body: cut the client's connection too, as a real balancer does.
        upRes.on('error', () => res.destroy());
        upRes.pipe(res);
      },
    );
    up.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && tries < state.backends.length * 2)
        return forward(req, body, res, tries + 1);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
      } else res.destroy();
    });
    up.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, Buffer.concat(chunks), res, 0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get backends() {
      return state.backends;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
