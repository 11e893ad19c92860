import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import {
  failedNoticeList,
  noticePage,
  noticePreferencesView,
  noticeQuery,
  unreadCount,
  updateNoticePreferences,
} from '../../../contracts/notices.js';
import type { Deps } from '../../deps.js';
import type { Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { noticePreferences, notices, orders } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { queueDeliveries } from './compose.js';
import { storedSmsContent } from './stored-sms-content.js';

const tags = ['notices'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

async function unreadOf(db: Executor, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notices)
    .where(and(eq(notices.userId, userId), eq(notices.channel, 'in_app'), isNull(notices.readAt)));
  return Number(row?.n ?? 0);
}

/** The shopper's message centre and notice preferences. */
export function shopperNoticeRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole());

    app.get(
      '/notices',
      { schema: { tags, querystring: noticeQuery, response: { 200: noticePage } } },
      async (req) => {
        const userId = actorOf(req).userId;
        const rows = await db
          .select({ n: notices, orderNo: orders.orderNo })
          .from(notices)
          .leftJoin(orders, eq(orders.id, notices.orderId))
          .where(
            and(
              eq(notices.userId, userId),
              eq(notices.channel, 'in_app'),
              req.query.cursor ? lt(notices.id, Number(req.query.cursor)) : undefined,
            ),
          )
          .orderBy(desc(notices.id))
          .limit(req.query.limit + 1);
        const page = rows.slice(0, req.query.limit);
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
          nextCursor: rows.length > req.query.limit && last ? String(last.n.id) : null,
          unread: await unreadOf(db, userId),
        };
      },
    );

    app.get(
      '/notices/unread-count',
      { schema: { tags, response: { 200: unreadCount } } },
      async (req) => ({
        unread: await unreadOf(db, actorOf(req).userId),
      }),
    );

    app.post(
      '/notices/:id/read',
      { schema: { tags, params: idParams, response: { 200: unreadCount } } },
      async (req) => {
        const userId = actorOf(req).userId;
        const updated = await db
          .update(notices)
          .set({ readAt: deps.clock.now() })
          .where(
            and(
              eq(notices.id, req.params.id),
              eq(notices.userId, userId),
              eq(notices.channel, 'in_app'),
            ),
          )
          .returning({ id: notices.id });
        if (updated.length === 0) throw new DomainError('NOT_FOUND');
        return { unread: await unreadOf(db, userId) };
      },
    );

    app.post(
      '/notices/read-all',
      { schema: { tags, response: { 200: unreadCount } } },
      async (req) => {
        const userId = actorOf(req).userId;
        await db
          .update(notices)
          .set({ readAt: deps.clock.now() })
          .where(
            and(eq(notices.userId, userId), eq(notices.channel, 'in_app'), isNull(notices.readAt)),
          );
        return { unread: 0 };
      },
    );

    app.get(
      '/me/notice-preferences',
      { schema: { tags, response: { 200: noticePreferencesView } } },
      async (req) => {
        const [row] = await db
          .select()
          .from(noticePreferences)
          .where(eq(noticePreferences.userId, actorOf(req).userId));
        return { email: row?.email ?? true, sms: row?.sms ?? true };
      },
    );

    app.put(
      '/me/notice-preferences',
      { schema: { tags, body: updateNoticePreferences, response: { 200: noticePreferencesView } } },
      async (req) => {
        const userId = actorOf(req).userId;
        const now = deps.clock.now();
        const [row] = await db
          .insert(noticePreferences)
          .values({
            userId,
            email: req.body.email ?? true,
            sms: req.body.sms ?? true,
            updatedAt: now,
          })
          .onConflictDoUpdate({
            target: noticePreferences.userId,
            set: { ...req.body, updatedAt: now },
          })
          .returning();
        return { email: row?.email ?? true, sms: row?.sms ?? true };
      },
    );
  };
}

/** The staff 发送失败 queue: notices that used up their retries, and sending them again. */
export function staffNoticeRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('operator', 'agent'));

    app.get(
      '/staff/notices/failed',
      { schema: { tags, response: { 200: failedNoticeList } } },
      async () => {
        const rows = await db
          .select()
          .from(notices)
          .where(eq(notices.status, 'failed'))
          .orderBy(desc(notices.id))
          .limit(200);
        return {
          items: rows
            .filter(
              (n): n is typeof n & { channel: 'email' | 'sms'; recipient: string } =>
                n.channel !== 'in_app' && n.recipient !== null,
            )
            .map((n) => ({
              id: n.id,
              channel: n.channel,
              recipient: n.recipient,
              subject: n.subject,
              attempts: n.attempts,
              lastError: n.lastError,
              createdAt: n.createdAt.toISOString(),
            })),
        };
      },
    );

    app.post(
      '/staff/notices/:id/resend',
      { schema: { tags, params: idParams, response: { 200: unreadCount } } },
      async (req) => {
        const actor = actorOf(req);
        await withTx(db, async (tx) => {
          const reset = await tx
            .update(notices)
            .set({ status: 'pending', lastError: null })
            .where(and(eq(notices.id, req.params.id), inArray(notices.status, ['failed'])))
            .returning({
              id: notices.id,
              channel: notices.channel,
              attempts: notices.attempts,
              orderId: notices.orderId,
            });
          const row = reset[0];
          if (!row) throw new DomainError('NOT_FOUND');
          await audit(tx, {
            actorId: actor.userId,
            actorRole: actor.role,
            action: 'notice.resend',
            entityType: 'notice',
            entityId: row.id,
            orderId: row.orderId,
            before: { status: 'failed', attempts: row.attempts },
            after: { status: 'pending' },
            requestId: req.id,
          });
          // A new delivery job (new event id), so the dead one stays as the record of the failure.
          const sms = row.channel === 'sms' ? await storedSmsContent(tx, row.id) : undefined;
          await queueDeliveries(tx, deps, [row], `-resend-${row.attempts}`, sms);
        });
        return { unread: 0 };
      },
    );
  };
}
