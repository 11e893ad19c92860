import net from 'node:net';

export interface TcpGate {
  /** host:port to connect to instead of the target. */
  port: number;
  /** While shut, new connections are refused (closed at once); open ones are left alone. */
  shut(): void;
  open(): void;
  /**
   * While on, the next bytes a client sends on any connection are not passed on: that
   * connection is closed instead — as a pooler closes a client it could find no server for.
   */
  cutOnNextSend(on: boolean): void;
  close(): Promise<void>;
}

/**
 * A TCP pass-through to `target` that a test can shut, to hold a client's reconnect back for
 * as long as the test needs to observe it disconnected — without timing.
 */
export async function startTcpGate(target: { host: string; port: number }): Promise<TcpGate> {
  let isOpen = true;
  let cut = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    if (!isOpen) {
      inbound.destroy();
      return;
    }
    const outbound = net.connect(target.port, target.host);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    inbound.on('data', (chunk: Buffer) => {
      if (!cut) return void outbound.write(chunk);
      inbound.destroy();
      outbound.destroy();
    });
    outbound.pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    shut: () => (isOpen = false),
    open: () => (isOpen = true),
    cutOnNextSend: (on) => (cut = on),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
