import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import {
  shopNoticePreferencesView,
  updateShopNoticePreferences as updateBody,
} from '../../../contracts/notices.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { shopNoticePreferencesOf, updateShopNoticePreferences } from './shop-preferences.js';

/** The merchant's own shop: which channels carry notices to its staff. */
export function merchantNoticeRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const shopOf = (actor: { shopId: number | null }) => {
    if (actor.shopId === null) throw new DomainError('FORBIDDEN');
    return actor.shopId;
  };
  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));
    app.get(
      '/merchant/notice-preferences',
      { schema: { tags: ['merchant'], response: { 200: shopNoticePreferencesView } } },
      async (req) => shopNoticePreferencesOf(db, shopOf(actorOf(req))),
    );
    app.put(
      '/merchant/notice-preferences',
      {
        schema: {
          tags: ['merchant'],
          body: updateBody,
          response: { 200: shopNoticePreferencesView },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        return updateShopNoticePreferences(db, {
          shopId: shopOf(actor),
          actor,
          change: req.body,
          now: deps.clock.now(),
          requestId: req.id,
        });
      },
    );
  };
}
