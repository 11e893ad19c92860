import type { WebSocket } from 'ws';
import { DomainError, ERRORS } from '../../../domain/errors.js';
import { clientFrame, type ServerFrame } from '../../../contracts/support.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../platform/http/session.js';
import {
  chatView,
  markRead,
  messagesAfter,
  postMessage,
  visibleChat,
  type ChatRow,
  type ChatSide,
} from './chats.js';
import { notifyChat, type ChatEvent, type ChatHub } from './fanout.js';

const PING_MS = 30_000;
/** A client that sends faster than this is told to slow down rather than queued without end. */
const MAX_QUEUED_FRAMES = 50;

/**
 * One WebSocket on one chat. Subscribes to this process's hub before it reads the backlog, so a
 * message committed in between is never missed; sends each seq at most once and in order.
 */
export function serveChatSocket(
  deps: Deps,
  hub: ChatHub,
  socket: WebSocket,
  ctx: { actor: Actor; side: ChatSide; chat: ChatRow; after: number },
): void {
  const { db } = deps.database;
  const { actor, side, chat } = ctx;
  let lastSent = ctx.after;
  let pumping = false;
  let again = false;
  let open = true;
  let queued = 0;
  let inbound: Promise<void> = Promise.resolve();

  const send = (frame: ServerFrame) => {
    if (open) socket.send(JSON.stringify(frame));
  };

  /** Sends every stored message after the last one sent; re-runs if poked meanwhile. */
  const pump = async (): Promise<void> => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        const from = lastSent;
        const batch = await hub.shared(`${chat.id}:${from}`, () =>
          messagesAfter(db, chat.id, from),
        );
        for (const m of batch) {
          if (m.seq <= lastSent) continue;
          send({ type: 'message', message: m });
          lastSent = m.seq;
        }
        if (batch.length === 500) again = true;
      } while (again && open);
    } catch (err) {
      deps.log.warn({ err, chatId: chat.id }, 'chat backlog read failed');
    } finally {
      pumping = false;
    }
  };

  const onEvent = (e: ChatEvent) => {
    if (e.k === 'm') {
      if (e.s <= lastSent) return;
      // The next message, carried in the NOTIFY: pushed without reading it back.
      if (e.m && e.s === lastSent + 1 && !pumping) {
        lastSent = e.s;
        send({ type: 'message', message: e.m });
        return;
      }
      void pump();
    } else if (e.k === 't') {
      if (e.r !== side) send({ type: 'typing', role: e.r });
    } else if (e.k === 'r') {
      send({ type: 'read', role: e.r, seq: e.s });
    } else {
      // 's', or 'sync' after the listener reconnected: the chat may have moved on meanwhile.
      if (e.k === 'sync') void pump();
      void visibleChat(db, actor, chat.id)
        .then((row) => chatView(db, row))
        .then((view) => send({ type: 'chat', chat: view }))
        .catch(() => undefined);
    }
  };
  const unsubscribe = hub.subscribe(chat.id, onEvent);

  const fail = (err: unknown, clientId?: string) => {
    const code = err instanceof DomainError ? err.code : 'INTERNAL';
    if (!(err instanceof DomainError))
      deps.log.error({ err, chatId: chat.id }, 'chat frame failed');
    const message = actor.locale === 'en' ? ERRORS[code].en : ERRORS[code].zh;
    send({ type: 'error', code, message, ...(clientId ? { clientId } : {}) });
  };

  const handle = async (raw: string): Promise<void> => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return fail(new DomainError('VALIDATION_FAILED'));
    }
    const parsed = clientFrame.safeParse(json);
    if (!parsed.success) return fail(new DomainError('VALIDATION_FAILED'));
    const frame = parsed.data;
    try {
      switch (frame.type) {
        case 'send': {
          const { seq } = await postMessage(
            db,
            chat.id,
            { id: actor.userId, side, name: actor.displayName },
            frame,
            deps.clock.now(),
          );
          send({ type: 'ack', clientId: frame.clientId, seq });
          return;
        }
        case 'typing':
          await notifyChat(db, { k: 't', c: chat.id, r: side });
          return;
        case 'read':
          await markRead(db, chat.id, side, frame.seq);
          return;
        case 'ping':
          send({ type: 'pong' });
          return;
      }
    } catch (err) {
      fail(err, frame.type === 'send' ? frame.clientId : undefined);
    }
  };

  // Frames are handled one at a time, in the order they came.
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    if (queued >= MAX_QUEUED_FRAMES) return fail(new DomainError('RATE_LIMITED'));
    queued++;
    // Text frames arrive as one Buffer (ws joins fragments for us).
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : '';
    inbound = inbound.then(() => handle(text)).finally(() => queued--);
  });

  let alive = true;
  socket.on('pong', () => (alive = true));
  const ping = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, PING_MS);
  ping.unref();

  socket.on('close', () => {
    open = false;
    clearInterval(ping);
    unsubscribe();
  });

  void chatView(db, chat).then((view) => send({ type: 'chat', chat: view }));
  void pump();
}
