import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ChatMessageView, ServerFrame } from '../../src/contracts/support.js';

export interface ChatSocketOptions {
  /** http(s)://host:port of the app process to connect to. */
  baseUrl: string;
  chatId: number;
  /** The session cookie's value (btp_sid). */
  sessionToken: string;
  /** The Origin header sent, as a browser would; default the baseUrl's. */
  origin?: string;
}

/**
 * A chat participant over a real WebSocket, as the web app is: keeps every message it received
 * by seq, reconnects from the last seq it saw, and resends unacknowledged messages under the
 * same client id (so the server can tell a resend from a new message).
 */
export class ChatClient {
  readonly received = new Map<number, ChatMessageView>();
  /** Every seq in the order frames arrived, to check nothing came twice or out of order. */
  readonly arrivals: number[] = [];
  readonly frames: ServerFrame[] = [];
  private socket: WebSocket | null = null;
  private readonly pending = new Map<
    string,
    { body: string; attachmentIds: number[]; resolve: (seq: number) => void }
  >();
  private waiters: (() => void)[] = [];
  lastSeq = 0;
  connects = 0;

  constructor(private opts: ChatSocketOptions) {}

  /** Opens a socket (to another process, if given) and resumes after the last seq seen. */
  async connect(baseUrl: string = this.opts.baseUrl): Promise<void> {
    this.opts = { ...this.opts, baseUrl };
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/support/chats/${this.opts.chatId}/ws?after=${this.lastSeq}`;
    const socket = new WebSocket(url, {
      headers: {
        cookie: `btp_sid=${this.opts.sessionToken}`,
        origin: this.opts.origin ?? new URL(this.opts.baseUrl).origin,
      },
    });
    this.socket = socket;
    socket.on('message', (data: Buffer) =>
      this.onFrame(JSON.parse(data.toString()) as ServerFrame),
    );
    socket.on('close', () => this.wake());
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`refused: ${res.statusCode ?? 0}`)),
      );
    });
    this.connects++;
    // Anything not acknowledged before the last socket went away is sent again, same id.
    for (const [clientId, p] of this.pending)
      this.write({ type: 'send', clientId, body: p.body, attachmentIds: p.attachmentIds });
  }

  /** Drops the connection without a goodbye, as a lost network would. */
  drop(): void {
    this.socket?.terminate();
    this.socket = null;
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (!s || s.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.close();
    });
  }

  /** Sends a message; resolves with its seq once the server has stored it. */
  send(
    body: string,
    clientId: string = randomUUID(),
    attachmentIds: number[] = [],
  ): Promise<number> {
    return new Promise<number>((resolve) => {
      this.pending.set(clientId, { body, attachmentIds, resolve });
      this.write({ type: 'send', clientId, body, attachmentIds });
    });
  }

  /** Sends without waiting, for throughput. */
  sendNoWait(body: string): string {
    const clientId = randomUUID();
    void this.send(body, clientId);
    return clientId;
  }

  typing(): void {
    this.write({ type: 'typing' });
  }

  read(seq: number): void {
    this.write({ type: 'read', seq });
  }

  get unacknowledged(): number {
    return this.pending.size;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  async waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > until) throw new Error('timed out waiting for the chat');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private write(frame: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  private onFrame(frame: ServerFrame): void {
    this.frames.push(frame);
    if (frame.type === 'message') {
      const m = frame.message;
      this.arrivals.push(m.seq);
      this.received.set(m.seq, m);
      this.lastSeq = Math.max(this.lastSeq, m.seq);
    } else if (frame.type === 'ack') {
      const p = this.pending.get(frame.clientId);
      this.pending.delete(frame.clientId);
      p?.resolve(frame.seq);
    }
    this.wake();
  }
}
