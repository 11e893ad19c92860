// The live side of a chat: one WebSocket that resumes from the last seq seen after any drop,
// messages shown as 发送中 until the server has stored them, typing and read marks.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessageView, ChatView, ServerFrame } from '../../contracts/index.js';

export interface PendingMessage {
  clientId: string;
  body: string;
  attachmentIds: number[];
  previewUrls: string[];
  failed: string | null;
}

export interface ChatSocketState {
  messages: ChatMessageView[];
  pending: PendingMessage[];
  chat: ChatView | null;
  connected: boolean;
  /** The other side is typing (shown for a few seconds after their last keystroke). */
  otherTyping: boolean;
  /** The last seq the other side has read. */
  otherRead: number;
  send(body: string, attachmentIds?: number[], previewUrls?: string[]): void;
  typing(): void;
}

const RETRY_MS = [500, 1_000, 2_000, 5_000];
const TYPING_SHOW_MS = 4_000;
const TYPING_SEND_MS = 2_000;

function socketUrl(chatId: number, after: number): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/api/v1/support/chats/${chatId}/ws?after=${after}`;
}

export function useChatSocket(chatId: number, side: 'shopper' | 'agent'): ChatSocketState {
  const [messages, setMessages] = useState<ChatMessageView[]>([]);
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [chat, setChat] = useState<ChatView | null>(null);
  const [connected, setConnected] = useState(false);
  const [otherTyping, setOtherTyping] = useState(false);
  const [otherRead, setOtherRead] = useState(0);
  const socket = useRef<WebSocket | null>(null);
  const lastSeq = useRef(0);
  const pendingRef = useRef<PendingMessage[]>([]);
  const lastTypingSent = useRef(0);
  const lastReadSent = useRef(0);

  const write = (frame: unknown) => {
    if (socket.current?.readyState === WebSocket.OPEN) socket.current.send(JSON.stringify(frame));
  };

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    lastSeq.current = 0;
    setMessages([]);

    const onFrame = (frame: ServerFrame) => {
      if (frame.type === 'message') {
        const m = frame.message;
        if (m.seq <= lastSeq.current) return;
        lastSeq.current = m.seq;
        setMessages((list) => [...list, m]);
        if (m.clientId) {
          pendingRef.current = pendingRef.current.filter((p) => p.clientId !== m.clientId);
          setPending(pendingRef.current);
        }
        if (m.senderRole !== side) setOtherTyping(false);
      } else if (frame.type === 'chat') {
        setChat(frame.chat);
        setOtherRead(side === 'shopper' ? frame.chat.agentReadSeq : frame.chat.shopperReadSeq);
      } else if (frame.type === 'typing') {
        setOtherTyping(true);
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => setOtherTyping(false), TYPING_SHOW_MS);
      } else if (frame.type === 'read') {
        if (frame.role !== side) setOtherRead((r) => Math.max(r, frame.seq));
      } else if (frame.type === 'error' && frame.clientId) {
        const id = frame.clientId;
        pendingRef.current = pendingRef.current.map((p) =>
          p.clientId === id ? { ...p, failed: frame.message } : p,
        );
        setPending(pendingRef.current);
      }
    };

    const connect = () => {
      if (stopped) return;
      const ws = new WebSocket(socketUrl(chatId, lastSeq.current));
      socket.current = ws;
      ws.onopen = () => {
        attempt = 0;
        setConnected(true);
        // Unacknowledged messages go again under the same id: stored once whatever happened.
        for (const p of pendingRef.current)
          if (!p.failed)
            ws.send(
              JSON.stringify({
                type: 'send',
                clientId: p.clientId,
                body: p.body,
                attachmentIds: p.attachmentIds,
              }),
            );
      };
      ws.onmessage = (e: MessageEvent<string>) => onFrame(JSON.parse(e.data) as ServerFrame);
      ws.onclose = () => {
        setConnected(false);
        if (stopped) return;
        const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)] ?? 5_000;
        attempt++;
        retry = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(typingTimer);
      socket.current?.close();
      socket.current = null;
    };
  }, [chatId, side]);

  // Mark what is on screen as read (the other side sees 已读).
  useEffect(() => {
    const last = messages.at(-1);
    if (!connected || !last || last.seq <= lastReadSent.current) return;
    if (document.visibilityState === 'hidden') return;
    lastReadSent.current = last.seq;
    write({ type: 'read', seq: last.seq });
  }, [messages, connected]);

  const send = useCallback(
    (body: string, attachmentIds: number[] = [], previewUrls: string[] = []) => {
      const p: PendingMessage = {
        clientId: crypto.randomUUID(),
        body,
        attachmentIds,
        previewUrls,
        failed: null,
      };
      pendingRef.current = [...pendingRef.current, p];
      setPending(pendingRef.current);
      write({ type: 'send', clientId: p.clientId, body, attachmentIds });
    },
    [],
  );

  const typing = useCallback(() => {
    const now = Date.now();
    if (now - lastTypingSent.current < TYPING_SEND_MS) return;
    lastTypingSent.current = now;
    write({ type: 'typing' });
  }, []);

  return { messages, pending, chat, connected, otherTyping, otherRead, send, typing };
}
