import { sql } from 'drizzle-orm';
import type { ChatMessageView } from '../../../contracts/support.js';
import type { Database, Executor } from '../../platform/db/client.js';

/** One NOTIFY channel for every chat; the payload says which chat and what happened. */
export const CHAT_CHANNEL = 'support_chat';
const NOTIFY_MAX_BYTES = 7_500;

export type ChatEvent =
  /** A message with this seq was committed; small ones without pictures come along whole. */
  | { k: 'm'; c: number; s: number; m?: ChatMessageView }
  | { k: 't'; c: number; r: 'shopper' | 'agent' }
  | { k: 'r'; c: number; r: 'shopper' | 'agent'; s: number }
  /** The chat's state changed (taken, closed, rated). */
  | { k: 's'; c: number }
  /** Local only: the LISTEN connection came back; events may have been missed meanwhile. */
  | { k: 'sync'; c: number };

/**
 * Announces a chat event to every app process. Inside a transaction PostgreSQL delivers it on
 * commit, so nobody is told about a message that could still roll back.
 */
export async function notifyChat(tx: Executor, event: ChatEvent): Promise<void> {
  let payload = JSON.stringify(event);
  // NOTIFY payloads are limited to 8000 bytes: a long message is read from the table instead.
  if (event.k === 'm' && event.m && Buffer.byteLength(payload) > NOTIFY_MAX_BYTES)
    payload = JSON.stringify({ k: 'm', c: event.c, s: event.s });
  await tx.execute(sql`SELECT pg_notify(${CHAT_CHANNEL}, ${payload})`);
}

type Listener = (event: ChatEvent) => void;

/**
 * This process's side of the fan-out: one LISTEN on the database's dedicated connection,
 * handed to the sockets connected here, by chat.
 */
export class ChatHub {
  private readonly byChat = new Map<number, Set<Listener>>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(
      CHAT_CHANNEL,
      (payload) => {
        let event: ChatEvent;
        try {
          event = JSON.parse(payload) as ChatEvent;
        } catch {
          return;
        }
        for (const fn of this.byChat.get(event.c) ?? []) fn(event);
      },
      () => this.resync(),
    );
  }

  /** After a reconnect every socket here reads what it may have missed. */
  private resync(): void {
    for (const [chatId, set] of this.byChat) for (const fn of set) fn({ k: 'sync', c: chatId });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
  }

  subscribe(chatId: number, fn: Listener): () => void {
    let set = this.byChat.get(chatId);
    if (!set) {
      set = new Set();
      this.byChat.set(chatId, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.byChat.delete(chatId);
    };
  }

  private readonly reads = new Map<string, Promise<unknown>>();

  /**
   * Sockets of one chat usually ask for the same backlog at the same moment (both heard the
   * same NOTIFY): one query serves them all.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.reads.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = read().finally(() => this.reads.delete(key));
    this.reads.set(key, p);
    return p;
  }

  /** Sockets connected to this process (for metrics and the benchmark). */
  get listeners(): number {
    let n = 0;
    for (const s of this.byChat.values()) n += s.size;
    return n;
  }
}
