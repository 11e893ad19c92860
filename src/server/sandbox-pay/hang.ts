import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Requests that must never be answered (the `timeout_after_accept` fault): the connection is
 * held open past any sensible client timeout, then destroyed. Closing the app destroys them.
 */
export class HungRequests {
  private readonly sockets = new Set<Socket>();

  constructor(private readonly holdMs: number) {}

  hold(req: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    const socket = req.raw.socket;
    this.sockets.add(socket);
    const timer = setTimeout(() => socket.destroy(), this.holdMs);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      this.sockets.delete(socket);
    });
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
