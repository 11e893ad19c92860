import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import type { noticePage, noticeQuery } from '../../../contracts/notices.js';
import type { Executor } from '../../platform/db/client.js';
import { notices, orders } from '../../platform/db/schema/index.js';

// The message centre (站内信): a user's in-app notices; their email and SMS copies are not listed.

/** How many of the user's in-app notices are unread (the badge). */
export async function unreadNotices(db: Executor, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notices)
    .where(and(eq(notices.userId, userId), eq(notices.channel, 'in_app'), isNull(notices.readAt)));
  return Number(row?.n ?? 0);
}

/** One page of the user's notices, newest first, keyed by id, with the unread count. */
export async function listNotices(
  db: Executor,
  userId: number,
  query: z.infer<typeof noticeQuery>,
): Promise<z.infer<typeof noticePage>> {
  const rows = await db
    .select({ n: notices, orderNo: orders.orderNo })
    .from(notices)
    .leftJoin(orders, eq(orders.id, notices.orderId))
    .where(
      and(
        eq(notices.userId, userId),
        eq(notices.channel, 'in_app'),
        query.cursor ? lt(notices.id, Number(query.cursor)) : undefined,
      ),
    )
    .orderBy(desc(notices.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ n, orderNo }) => ({
      id: n.id,
      template: n.template,
      subject: n.subject,
      body: n.body,
      link: n.link,
      orderNo,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
    nextCursor: rows.length > query.limit && last ? String(last.n.id) : null,
    unread: await unreadNotices(db, userId),
  };
}

/** Marks one of the user's notices read (again if it was); answers the unread count left. */
export async function markNoticeRead(
  db: Executor,
  userId: number,
  noticeId: number,
  now: Date,
): Promise<number> {
  const updated = await db
    .update(notices)
    .set({ readAt: now })
    .where(and(eq(notices.id, noticeId), eq(notices.userId, userId), eq(notices.channel, 'in_app')))
    .returning({ id: notices.id });
  if (updated.length === 0) throw new DomainError('NOT_FOUND');
  return unreadNotices(db, userId);
}

/** 全部已读: marks every unread notice of the user read. */
export async function markAllNoticesRead(db: Executor, userId: number, now: Date): Promise<void> {
  await db
    .update(notices)
    .set({ readAt: now })
    .where(and(eq(notices.userId, userId), eq(notices.channel, 'in_app'), isNull(notices.readAt)));
}
