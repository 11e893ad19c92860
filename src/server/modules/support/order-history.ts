import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import {
  supportBoardMessages,
  supportBoardReplies,
  supportChatAttachments,
  supportChatMessages,
  supportChats,
  users,
} from '../../platform/db/schema/index.js';

export interface SupportHistory {
  chats: Array<{
    id: number;
    status: string;
    openedAt: string;
    closedAt: string | null;
    agentName: string | null;
    rating: number | null;
    messages: Array<{
      id: number;
      senderRole: 'shopper' | 'agent' | 'system';
      senderName: string;
      body: string;
      attachments: Array<{ id: number; fileName: string; mimeType: string; storagePath: string }>;
      createdAt: string;
    }>;
  }>;
  boardMessages: Array<{
    id: number;
    subject: string;
    body: string;
    createdAt: string;
    replyDueAt: string;
    replies: Array<{ id: number; authorName: string; body: string; createdAt: string }>;
  }>;
}

/**
 * Every chat and 留言 about an order, in full — part of the order's history and of its dispute
 * bundle. storagePath is relative to DATA_DIR.
 */
export async function loadSupportHistory(db: Executor, orderId: number): Promise<SupportHistory> {
  const chats = await db
    .select()
    .from(supportChats)
    .where(eq(supportChats.orderId, orderId))
    .orderBy(asc(supportChats.id));
  const chatIds = chats.map((c) => c.id);
  const messages = chatIds.length
    ? await db
        .select({ m: supportChatMessages, name: users.displayName })
        .from(supportChatMessages)
        .leftJoin(users, eq(users.id, supportChatMessages.senderId))
        .where(inArray(supportChatMessages.chatId, chatIds))
        .orderBy(asc(supportChatMessages.chatId), asc(supportChatMessages.seq))
    : [];
  const files = chatIds.length
    ? await db
        .select()
        .from(supportChatAttachments)
        .where(inArray(supportChatAttachments.chatId, chatIds))
        .orderBy(asc(supportChatAttachments.id))
    : [];
  const agentIds = chats.flatMap((c) => (c.agentId ? [c.agentId] : []));
  const agents = agentIds.length
    ? await db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(inArray(users.id, agentIds))
    : [];
  const board = await db
    .select()
    .from(supportBoardMessages)
    .where(eq(supportBoardMessages.orderId, orderId))
    .orderBy(asc(supportBoardMessages.id));
  const replies = board.length
    ? await db
        .select({ r: supportBoardReplies, name: users.displayName })
        .from(supportBoardReplies)
        .innerJoin(users, eq(users.id, supportBoardReplies.authorId))
        .where(
          inArray(
            supportBoardReplies.messageId,
            board.map((b) => b.id),
          ),
        )
        .orderBy(asc(supportBoardReplies.id))
    : [];
  return {
    chats: chats.map((c) => ({
      id: c.id,
      status: c.status,
      openedAt: c.openedAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      agentName: agents.find((a) => a.id === c.agentId)?.name ?? null,
      rating: c.rating,
      messages: messages
        .filter((x) => x.m.chatId === c.id)
        .map(({ m, name }) => ({
          id: m.id,
          senderRole: m.senderRole,
          senderName: name ?? 'B特派',
          body: m.body,
          attachments: files
            .filter((f) => f.messageId === m.id)
            .map((f) => ({
              id: f.id,
              fileName: f.fileName,
              mimeType: f.mime,
              storagePath: `support/${f.chatId}/${f.storageKey}`,
            })),
          createdAt: m.createdAt.toISOString(),
        })),
    })),
    boardMessages: board.map((b) => ({
      id: b.id,
      subject: b.subject,
      body: b.body,
      createdAt: b.createdAt.toISOString(),
      replyDueAt: b.replyDueAt.toISOString(),
      replies: replies
        .filter((x) => x.r.messageId === b.id)
        .map((x) => ({
          id: x.r.id,
          authorName: x.name,
          body: x.r.body,
          createdAt: x.r.createdAt.toISOString(),
        })),
    })),
  };
}
