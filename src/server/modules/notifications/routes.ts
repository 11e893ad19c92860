import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  failedNoticeList,
  noticePage,
  noticePreferencesView,
  noticeQuery,
  unreadCount,
  updateNoticePreferences,
} from '../../../contracts/notices.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { failedNotices, resendNotice } from './failed-notices.js';
import { listNotices, markAllNoticesRead, markNoticeRead, unreadNotices } from './inbox.js';
import { updateUserNoticePreferences, userNoticePreferencesOf } from './user-preferences.js';

const tags = ['notices'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The shopper's message centre and notice preferences. */
export function shopperNoticeRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole());

    app.get(
      '/notices',
      { schema: { tags, querystring: noticeQuery, response: { 200: noticePage } } },
      async (req) => listNotices(db, actorOf(req).userId, req.query),
    );

    app.get(
      '/notices/unread-count',
      { schema: { tags, response: { 200: unreadCount } } },
      async (req) => ({
        unread: await unreadNotices(db, actorOf(req).userId),
      }),
    );

    app.post(
      '/notices/:id/read',
      { schema: { tags, params: idParams, response: { 200: unreadCount } } },
      async (req) => ({
        unread: await markNoticeRead(db, actorOf(req).userId, req.params.id, deps.clock.now()),
      }),
    );

    app.post(
      '/notices/read-all',
      { schema: { tags, response: { 200: unreadCount } } },
      async (req) => {
        await markAllNoticesRead(db, actorOf(req).userId, deps.clock.now());
        return { unread: 0 };
      },
    );

    app.get(
      '/me/notice-preferences',
      { schema: { tags, response: { 200: noticePreferencesView } } },
      async (req) => userNoticePreferencesOf(db, actorOf(req).userId),
    );

    app.put(
      '/me/notice-preferences',
      { schema: { tags, body: updateNoticePreferences, response: { 200: noticePreferencesView } } },
      async (req) =>
        updateUserNoticePreferences(db, actorOf(req).userId, req.body, deps.clock.now()),
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
      async () => ({ items: await failedNotices(db) }),
    );

    app.post(
      '/staff/notices/:id/resend',
      { schema: { tags, params: idParams, response: { 200: unreadCount } } },
      async (req) => {
        await resendNotice(deps, {
          noticeId: req.params.id,
          actor: actorOf(req),
          requestId: req.id,
        });
        return { unread: 0 };
      },
    );
  };
}
