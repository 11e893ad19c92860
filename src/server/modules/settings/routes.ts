import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cancellationSettingsView,
  updateCancellationSettings as updateBody,
} from '../../../contracts/cancellation.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { cancellationSettings, updateCancellationSettings } from './service.js';

/** Operator settings for cancellation: window, SLA, reasons, review rules, standing thresholds. */
export function settingsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('operator'));
    app.get(
      '/ops/settings/cancellation',
      { schema: { tags: ['settings'], response: { 200: cancellationSettingsView } } },
      async () => cancellationSettings(db),
    );
    app.put(
      '/ops/settings/cancellation',
      {
        schema: {
          tags: ['settings'],
          body: updateBody,
          response: { 200: cancellationSettingsView },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        return withTx(db, (tx) =>
          updateCancellationSettings(
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
