import { and, asc, count, desc, eq, gt, inArray, lt, ne, sql } from 'drizzle-orm';
import { checkChatAction, nextStatus, type ChatAction } from '../../../domain/chat-states.js';
import { DomainError } from '../../../domain/errors.js';
import { isOpenAt } from '../../../domain/support-hours.js';
import type { ChatMessageView, ChatView } from '../../../contracts/support.js';
import type { Db, Executor, Tx } from '../../platform/db/client.js';
import {
  orders,
  supportChatAttachments,
  supportChatMessages,
  supportChats,
  users,
} from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { Actor } from '../../platform/http/session.js';
import { withTx } from '../../platform/db/tx.js';
import { findOrder } from '../orders/lock.js';
import { notifyChat } from './fanout.js';
import { supportSettings } from './settings.js';

export type ChatRow = typeof supportChats.$inferSelect;
export type ChatSide = 'shopper' | 'agent';

/** Agents and operators answer chats; shoppers open them. Anyone else has no chat. */
export function sideOf(actor: Actor): ChatSide | null {
  if (actor.role === 'shopper') return 'shopper';
  if (actor.role === 'agent' || actor.role === 'operator') return 'agent';
  return null;
}

/**
 * The chat if this actor may see it: a shopper only their own, customer service any. Another
 * shopper's chat is "not found", never "forbidden", so its existence does not leak.
 */
export async function visibleChat(db: Executor, actor: Actor, chatId: number): Promise<ChatRow> {
  const side = sideOf(actor);
  const [chat] = await db.select().from(supportChats).where(eq(supportChats.id, chatId));
  if (!chat || !side || (side === 'shopper' && chat.shopperId !== actor.userId))
    throw new DomainError('CHAT_NOT_FOUND');
  return chat;
}

function check(chat: ChatRow, action: ChatAction, side: ChatSide): void {
  const problem = checkChatAction(
    { status: chat.status, rated: chat.rating !== null },
    action,
    side,
  );
  if (problem) throw new DomainError(problem);
}

async function lockChat(tx: Tx, chatId: number): Promise<ChatRow> {
  const [chat] = await tx
    .select()
    .from(supportChats)
    .where(eq(supportChats.id, chatId))
    .for('update');
  if (!chat) throw new DomainError('CHAT_NOT_FOUND');
  return chat;
}

/** Appends one message under the chat's lock: the next seq, then NOTIFY on commit. */
export async function appendMessage(
  tx: Tx,
  chat: ChatRow,
  m: {
    senderId: number | null;
    senderRole: 'shopper' | 'agent' | 'system';
    clientId?: string | null;
    body: string;
    /** Given for a message without pictures: it then travels in the NOTIFY itself. */
    inlineAs?: string;
  },
  now: Date,
): Promise<{ id: number; seq: number }> {
  const seq = chat.lastSeq + 1;
  const [row] = await tx
    .insert(supportChatMessages)
    .values({
      chatId: chat.id,
      seq,
      senderId: m.senderId,
      senderRole: m.senderRole,
      clientId: m.clientId ?? null,
      body: m.body,
      createdAt: now,
    })
    .returning({ id: supportChatMessages.id });
  if (!row) throw new Error('message insert returned nothing');
  await tx.update(supportChats).set({ lastSeq: seq }).where(eq(supportChats.id, chat.id));
  chat.lastSeq = seq;
  const message: ChatMessageView | undefined =
    m.inlineAs === undefined
      ? undefined
      : {
          seq,
          senderRole: m.senderRole,
          senderName: m.inlineAs,
          body: m.body,
          attachments: [],
          clientId: m.clientId ?? null,
          createdAt: now.toISOString(),
        };
  await notifyChat(tx, { k: 'm', c: chat.id, s: seq, ...(message ? { m: message } : {}) });
  return { id: row.id, seq };
}

/**
 * Stores a message from one side of the chat. A resend with the same clientId (after a
 * reconnect lost the acknowledgement) answers with the stored message's seq instead.
 */
export async function postMessage(
  db: Db,
  chatId: number,
  sender: { id: number; side: ChatSide; name: string },
  input: { clientId: string; body: string; attachmentIds?: number[] | undefined },
  now: Date,
): Promise<{ seq: number; duplicate: boolean }> {
  const body = input.body.trim();
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  if (!body && attachmentIds.length === 0)
    throw new DomainError('VALIDATION_FAILED', { field: 'body' });
  return withTx(db, async (tx) => {
    const chat = await lockChat(tx, chatId);
    const [dup] = await tx
      .select({ seq: supportChatMessages.seq })
      .from(supportChatMessages)
      .where(
        and(
          eq(supportChatMessages.chatId, chatId),
          eq(supportChatMessages.senderRole, sender.side),
          eq(supportChatMessages.clientId, input.clientId),
        ),
      );
    if (dup) return { seq: dup.seq, duplicate: true };
    check(chat, 'send', sender.side);
    const msg = await appendMessage(
      tx,
      chat,
      {
        senderId: sender.id,
        senderRole: sender.side,
        clientId: input.clientId,
        body,
        ...(attachmentIds.length === 0 ? { inlineAs: sender.name } : {}),
      },
      now,
    );
    if (attachmentIds.length > 0) {
      const bound = await tx
        .update(supportChatAttachments)
        .set({ messageId: msg.id })
        .where(
          and(
            inArray(supportChatAttachments.id, attachmentIds),
            eq(supportChatAttachments.chatId, chatId),
            eq(supportChatAttachments.uploadedBy, sender.id),
            sql`${supportChatAttachments.messageId} IS NULL`,
          ),
        )
        .returning({ id: supportChatAttachments.id });
      if (bound.length !== attachmentIds.length) throw new DomainError('ATTACHMENT_NOT_FOUND');
    }
    return { seq: msg.seq, duplicate: false };
  });
}

/** Messages after `after`, in seq order, with sender names and attachments. */
export async function messagesAfter(
  db: Executor,
  chatId: number,
  after: number,
  limit = 500,
): Promise<ChatMessageView[]> {
  const rows = await db
    .select({ m: supportChatMessages, name: users.displayName })
    .from(supportChatMessages)
    .leftJoin(users, eq(users.id, supportChatMessages.senderId))
    .where(and(eq(supportChatMessages.chatId, chatId), gt(supportChatMessages.seq, after)))
    .orderBy(asc(supportChatMessages.seq))
    .limit(limit);
  if (rows.length === 0) return [];
  const files = await attachmentsOf(
    db,
    rows.map((r) => r.m.id),
  );
  return rows.map(({ m, name }) => ({
    seq: m.seq,
    senderRole: m.senderRole,
    senderName: name ?? 'B特派',
    body: m.body,
    attachments: files
      .filter((f) => f.messageId === m.id)
      .map((f) => ({
        id: f.id,
        fileName: f.fileName,
        mime: f.mime,
        sizeBytes: f.sizeBytes,
        url: `/api/v1/support/chats/${chatId}/attachments/${f.id}`,
      })),
    clientId: m.clientId,
    createdAt: m.createdAt.toISOString(),
  }));
}

export async function attachmentsOf(db: Executor, messageIds: number[]) {
  if (messageIds.length === 0) return [];
  return db
    .select()
    .from(supportChatAttachments)
    .where(inArray(supportChatAttachments.messageId, messageIds))
    .orderBy(asc(supportChatAttachments.id));
}

export async function chatViews(db: Executor, rows: ChatRow[]): Promise<ChatView[]> {
  if (rows.length === 0) return [];
  const people = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(
      inArray(users.id, [
        ...new Set(rows.flatMap((r) => [r.shopperId, ...(r.agentId ? [r.agentId] : [])])),
      ]),
    );
  const orderIds = rows.flatMap((r) => (r.orderId ? [r.orderId] : []));
  const orderRows = orderIds.length
    ? await db
        .select({ id: orders.id, orderNo: orders.orderNo })
        .from(orders)
        .where(inArray(orders.id, orderIds))
    : [];
  const nameOf = (id: number | null) => people.find((p) => p.id === id)?.name ?? null;
  const views: ChatView[] = [];
  for (const r of rows) {
    let queuePosition: number | null = null;
    if (r.status === 'queued') {
      const [ahead] = await db
        .select({ n: count() })
        .from(supportChats)
        .where(and(eq(supportChats.status, 'queued'), lt(supportChats.id, r.id)));
      queuePosition = Number(ahead?.n ?? 0);
    }
    views.push({
      id: r.id,
      status: r.status,
      orderNo: orderRows.find((o) => o.id === r.orderId)?.orderNo ?? null,
      shopperName: nameOf(r.shopperId) ?? '',
      agentName: nameOf(r.agentId),
      queuePosition,
      lastSeq: r.lastSeq,
      shopperReadSeq: r.shopperReadSeq,
      agentReadSeq: r.agentReadSeq,
      rating: r.rating,
      openedAt: r.openedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
    });
  }
  return views;
}

export async function chatView(db: Executor, row: ChatRow): Promise<ChatView> {
  const [v] = await chatViews(db, [row]);
  if (!v) throw new Error('unreachable');
  return v;
}

/** A shopper's latest chats, newest first. */
export async function shopperChats(db: Executor, shopperId: number): Promise<ChatView[]> {
  const rows = await db
    .select()
    .from(supportChats)
    .where(eq(supportChats.shopperId, shopperId))
    .orderBy(desc(supportChats.id))
    .limit(50);
  return chatViews(db, rows);
}

/**
 * The agents' lists: the queue (oldest first, as they are taken), the agent's own open chats
 * (oldest first), or the closed ones (newest first).
 */
export async function agentChats(
  db: Executor,
  agentId: number,
  state: 'queued' | 'mine' | 'closed',
): Promise<ChatView[]> {
  const where =
    state === 'queued'
      ? eq(supportChats.status, 'queued')
      : state === 'mine'
        ? and(eq(supportChats.agentId, agentId), ne(supportChats.status, 'closed'))
        : eq(supportChats.status, 'closed');
  const rows = await db
    .select()
    .from(supportChats)
    .where(where)
    .orderBy(state === 'closed' ? desc(supportChats.id) : asc(supportChats.id))
    .limit(100);
  return chatViews(db, rows);
}

/**
 * 联系客服: opens a chat in the queue, about one of the shopper's orders or none. Out of
 * service hours it is refused (the page offers 留言 instead). A shopper who already has an open
 * chat about the same order gets that one back.
 */
export async function openChat(
  db: Db,
  actor: Actor,
  orderNo: string | undefined,
  now: Date,
): Promise<ChatRow> {
  const settings = await supportSettings(db);
  if (!isOpenAt(settings.chatHours, now)) throw new DomainError('SUPPORT_CLOSED');
  const order = orderNo ? await findOrder(db, orderNo, { shopperId: actor.userId }) : null;
  return withTx(db, async (tx) => {
    // One open chat per shopper and order, even when the button is pressed twice at once.
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtext('support_chat'), ${actor.userId}::int)`,
    );
    const [open] = await tx
      .select()
      .from(supportChats)
      .where(
        and(
          eq(supportChats.shopperId, actor.userId),
          ne(supportChats.status, 'closed'),
          order ? eq(supportChats.orderId, order.id) : sql`${supportChats.orderId} IS NULL`,
        ),
      )
      .limit(1);
    if (open) return open;
    const [chat] = await tx
      .insert(supportChats)
      .values({
        shopperId: actor.userId,
        orderId: order?.id ?? null,
        status: 'queued',
        openedAt: now,
      })
      .returning();
    if (!chat) throw new Error('chat insert returned nothing');
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'support.chat_opened',
      entityType: 'support_chat',
      entityId: chat.id,
      after: { orderId: chat.orderId },
    });
    return chat;
  });
}

/** 接入: an agent takes a queued chat; two agents pressing at once, one wins. */
export async function takeChat(db: Db, actor: Actor, chatId: number, now: Date): Promise<ChatRow> {
  return withTx(db, async (tx) => {
    const chat = await lockChat(tx, chatId);
    check(chat, 'take', 'agent');
    const [updated] = await tx
      .update(supportChats)
      .set({ status: nextStatus(chat.status, 'take'), agentId: actor.userId, takenAt: now })
      .where(eq(supportChats.id, chat.id))
      .returning();
    if (!updated) throw new Error('chat vanished');
    await appendMessage(
      tx,
      updated,
      { senderId: null, senderRole: 'system', body: `客服 ${actor.displayName} 已接入` },
      now,
    );
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'support.chat_taken',
      entityType: 'support_chat',
      entityId: chat.id,
    });
    await notifyChat(tx, { k: 's', c: chat.id });
    return updated;
  });
}

export async function closeChat(
  db: Db,
  actor: Actor,
  chatId: number,
  side: ChatSide,
  now: Date,
): Promise<ChatRow> {
  return withTx(db, async (tx) => {
    const chat = await lockChat(tx, chatId);
    check(chat, 'close', side);
    await appendMessage(
      tx,
      chat,
      { senderId: null, senderRole: 'system', body: '会话已结束' },
      now,
    );
    const [updated] = await tx
      .update(supportChats)
      .set({ status: 'closed', closedAt: now, closedBy: side })
      .where(eq(supportChats.id, chat.id))
      .returning();
    if (!updated) throw new Error('chat vanished');
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'support.chat_closed',
      entityType: 'support_chat',
      entityId: chat.id,
    });
    await notifyChat(tx, { k: 's', c: chat.id });
    return updated;
  });
}

/** 满意度评价: 1-5 stars, by the shopper, once, after the chat ended. */
export async function rateChat(
  db: Db,
  actor: Actor,
  chatId: number,
  rating: number,
  comment: string | undefined,
): Promise<ChatRow> {
  return withTx(db, async (tx) => {
    const chat = await lockChat(tx, chatId);
    if (chat.shopperId !== actor.userId) throw new DomainError('CHAT_NOT_FOUND');
    check(chat, 'rate', 'shopper');
    const [updated] = await tx
      .update(supportChats)
      .set({ rating, ratingComment: comment?.trim() || null })
      .where(eq(supportChats.id, chat.id))
      .returning();
    if (!updated) throw new Error('chat vanished');
    await notifyChat(tx, { k: 's', c: chat.id });
    return updated;
  });
}

/** 已读: moves this side's read mark forward (never back) and tells the other side. */
export async function markRead(db: Db, chatId: number, side: ChatSide, seq: number): Promise<void> {
  await withTx(db, async (tx) => {
    const column = side === 'shopper' ? supportChats.shopperReadSeq : supportChats.agentReadSeq;
    const [row] = await tx
      .update(supportChats)
      .set(
        side === 'shopper'
          ? { shopperReadSeq: sql`LEAST(${supportChats.lastSeq}, GREATEST(${column}, ${seq}))` }
          : { agentReadSeq: sql`LEAST(${supportChats.lastSeq}, GREATEST(${column}, ${seq}))` },
      )
      .where(eq(supportChats.id, chatId))
      .returning({ shopper: supportChats.shopperReadSeq, agent: supportChats.agentReadSeq });
    if (!row) return;
    await notifyChat(tx, {
      k: 'r',
      c: chatId,
      r: side,
      s: side === 'shopper' ? row.shopper : row.agent,
    });
  });
}
