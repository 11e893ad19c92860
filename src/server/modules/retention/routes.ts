import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  retentionSettings as settingsSchema,
  updateRetentionSettings as updateBody,
} from '../../../contracts/retention.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { retentionSettings, updateRetentionSettings } from './settings.js';

/** The operator's retention settings (how long old rows stay before the hourly job prunes). */
export function retentionRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('operator'));
    app.get(
      '/ops/settings/retention',
      { schema: { tags: ['settings'], response: { 200: settingsSchema } } },
      async () => retentionSettings(db),
    );
    app.put(
      '/ops/settings/retention',
      { schema: { tags: ['settings'], body: updateBody, response: { 200: settingsSchema } } },
      async (req) => {
        const actor = actorOf(req);
        return withTx(db, (tx) =>
          updateRetentionSettings(
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
