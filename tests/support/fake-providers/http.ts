// Plumbing shared by the provider fakes: each fake is a real HTTP server on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void>;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Serves `handler` on an ephemeral loopback port; an exception answers 500. */
export async function serve(handler: Handler): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    readBody(req)
      .then((body) => handler(req, body, res))
      .catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The answer is lost: the request was applied, then the connection breaks halfway through the
 * reply (after the status line, so no HTTP client can take it for a stale idle connection and
 * quietly send the request again).
 */
export function dropConnection(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
  res.write('{', () => res.socket?.destroy());
}

export interface Delivery {
  url: string;
  status: number;
  body: string;
}

/** Posts a notify the way providers do and reports how our side answered. */
export async function postNotify(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<Delivery> {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { url, status: res.status, body: await res.text() };
}
