import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import { isLate, replyDueAt } from '../../../domain/support-board.js';
import type { BoardMessageView } from '../../../contracts/support.js';
import type { Deps } from '../../deps.js';
import type { Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import {
  orders,
  supportBoardMessages,
  supportBoardReplies,
  users,
} from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { Actor } from '../../platform/http/session.js';
import { findOrder } from '../orders/lock.js';
import { supportSettings } from './settings.js';

export type BoardRow = typeof supportBoardMessages.$inferSelect;
export const SUPPORT_REPLIED_TOPIC = 'support.replied';

/** 留言: stored with its reply deadline (the operator's setting at the time it was left). */
export async function leaveMessage(
  deps: Deps,
  actor: Actor,
  input: { orderNo?: string | undefined; subject: string; body: string },
): Promise<BoardRow> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const settings = await supportSettings(db);
  const order = input.orderNo
    ? await findOrder(db, input.orderNo, { shopperId: actor.userId })
    : null;
  return withTx(db, async (tx) => {
    const [row] = await tx
      .insert(supportBoardMessages)
      .values({
        shopperId: actor.userId,
        orderId: order?.id ?? null,
        subject: input.subject,
        body: input.body,
        createdAt: now,
        replyDueAt: replyDueAt(now, settings.boardReplyHours),
      })
      .returning();
    if (!row) throw new Error('board insert returned nothing');
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'support.board_message',
      entityType: 'support_board_message',
      entityId: row.id,
      after: { orderId: row.orderId, subject: row.subject },
    });
    return row;
  });
}

/** A staff reply: the first one answers the message; the shopper is notified through the outbox. */
export async function replyToMessage(
  deps: Deps,
  actor: Actor,
  messageId: number,
  body: string,
  requestId?: string,
): Promise<BoardRow> {
  const now = deps.clock.now();
  return withTx(deps.database.db, async (tx) => {
    const [msg] = await tx
      .select()
      .from(supportBoardMessages)
      .where(eq(supportBoardMessages.id, messageId))
      .for('update');
    if (!msg) throw new DomainError('BOARD_MESSAGE_NOT_FOUND');
    const [reply] = await tx
      .insert(supportBoardReplies)
      .values({ messageId, authorId: actor.userId, body, createdAt: now })
      .returning();
    if (!reply) throw new Error('reply insert returned nothing');
    const [updated] = await tx
      .update(supportBoardMessages)
      .set({ answeredAt: msg.answeredAt ?? now })
      .where(eq(supportBoardMessages.id, messageId))
      .returning();
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'support.board_reply',
      entityType: 'support_board_message',
      entityId: messageId,
      after: { replyId: reply.id },
      requestId,
    });
    await deps.outbox.emit(tx, SUPPORT_REPLIED_TOPIC, {
      messageId,
      replyId: reply.id,
      shopperId: msg.shopperId,
      orderId: msg.orderId,
    });
    return updated ?? msg;
  });
}

export async function boardViews(
  db: Executor,
  rows: BoardRow[],
  now: Date,
): Promise<BoardMessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [replies, people, orderRows] = await Promise.all([
    db
      .select({ r: supportBoardReplies, name: users.displayName })
      .from(supportBoardReplies)
      .innerJoin(users, eq(users.id, supportBoardReplies.authorId))
      .where(inArray(supportBoardReplies.messageId, ids))
      .orderBy(asc(supportBoardReplies.id)),
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, [...new Set(rows.map((r) => r.shopperId))])),
    db
      .select({ id: orders.id, orderNo: orders.orderNo })
      .from(orders)
      .where(
        inArray(
          orders.id,
          rows.flatMap((r) => (r.orderId ? [r.orderId] : [0])),
        ),
      ),
  ]);
  return rows.map((m) => ({
    id: m.id,
    orderNo: orderRows.find((o) => o.id === m.orderId)?.orderNo ?? null,
    shopperName: people.find((p) => p.id === m.shopperId)?.name ?? '',
    subject: m.subject,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    replyDueAt: m.replyDueAt.toISOString(),
    answeredAt: m.answeredAt?.toISOString() ?? null,
    late: isLate(m.replyDueAt, m.answeredAt, now),
    replies: replies
      .filter((x) => x.r.messageId === m.id)
      .map((x) => ({
        id: x.r.id,
        authorName: x.name,
        body: x.r.body,
        createdAt: x.r.createdAt.toISOString(),
      })),
  }));
}

export async function myMessages(db: Executor, shopperId: number): Promise<BoardRow[]> {
  return db
    .select()
    .from(supportBoardMessages)
    .where(eq(supportBoardMessages.shopperId, shopperId))
    .orderBy(desc(supportBoardMessages.id))
    .limit(100);
}

/** The staff queue: unanswered ones by deadline (late first), or the latest answered. */
export async function boardQueue(db: Executor, state: 'open' | 'answered'): Promise<BoardRow[]> {
  return db
    .select()
    .from(supportBoardMessages)
    .where(
      state === 'open'
        ? isNull(supportBoardMessages.answeredAt)
        : isNotNull(supportBoardMessages.answeredAt),
    )
    .orderBy(
      state === 'open' ? asc(supportBoardMessages.replyDueAt) : desc(supportBoardMessages.id),
    )
    .limit(200);
}

/** A shopper sees only their own; another shopper's message is "not found". */
export async function visibleMessage(db: Executor, actor: Actor, id: number): Promise<BoardRow> {
  const [row] = await db
    .select()
    .from(supportBoardMessages)
    .where(
      and(
        eq(supportBoardMessages.id, id),
        actor.role === 'shopper' ? eq(supportBoardMessages.shopperId, actor.userId) : undefined,
      ),
    );
  if (!row || actor.role === 'merchant') throw new DomainError('BOARD_MESSAGE_NOT_FOUND');
  return row;
}
