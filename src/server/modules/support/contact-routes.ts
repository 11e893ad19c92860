import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isOpenAt } from '../../../domain/support-hours.js';
import {
  contactView,
  supportSettings as settingsSchema,
  updateSupportSettings as updateBody,
} from '../../../contracts/support.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { supportSettings, updateSupportSettings } from './settings.js';

const tags = ['support'];

/** 联系我们 (anyone) and the operator's customer service settings. */
export function contactRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get('/support/contact', { schema: { tags, response: { 200: contactView } } }, async () => {
      const s = await supportSettings(db);
      const now = deps.clock.now();
      return {
        hotline: s.hotline,
        hotlineHours: s.hotlineHours,
        hotlineOpenNow: isOpenAt(s.hotlineHours, now),
        email: s.email,
        social: s.social,
        chatHours: s.chatHours,
        chatOpenNow: isOpenAt(s.chatHours, now),
        boardReplyHours: s.boardReplyHours,
      };
    });

    app.get(
      '/ops/settings/support',
      {
        onRequest: requireRole('operator', 'agent'),
        schema: { tags: ['settings'], response: { 200: settingsSchema } },
      },
      async () => supportSettings(db),
    );

    app.put(
      '/ops/settings/support',
      {
        onRequest: requireRole('operator'),
        schema: { tags: ['settings'], body: updateBody, response: { 200: settingsSchema } },
      },
      async (req) => {
        const actor = actorOf(req);
        return withTx(db, (tx) =>
          updateSupportSettings(
            tx,
            req.body,
            { id: actor.userId, role: actor.role },
            deps.clock.now(),
            req.id,
          ),
        );
      },
    );
  };
}
