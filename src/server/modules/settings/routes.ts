import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cancellationSettingsView,
  updateCancellationSettings as updateBody,
} from '../../../contracts/cancellation.js';
import {
  checkoutChannelsSettings,
  offeredChannelsView,
  updateCheckoutChannels as updateChannelsBody,
} from '../../../contracts/payment-channels.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { cancellationSettings, updateCancellationSettings } from './service.js';
import {
  checkoutChannels,
  offeredCheckoutChannels,
  updateCheckoutChannels,
} from './checkout-channels.js';

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
    app.get(
      '/ops/settings/checkout-channels',
      { schema: { tags: ['settings'], response: { 200: checkoutChannelsSettings } } },
      async () => checkoutChannels(db, deps),
    );
    app.put(
      '/ops/settings/checkout-channels',
      {
        schema: {
          tags: ['settings'],
          body: updateChannelsBody,
          response: { 200: checkoutChannelsSettings },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        return withTx(db, (tx) =>
          updateCheckoutChannels(
            tx,
            deps,
            req.body.offered,
            { id: actor.userId, role: actor.role },
            deps.clock.now(),
            req.id,
          ),
        );
      },
    );
  };
}

/** The channels the shopper's 去支付 offers, the preselected one first. */
export function offeredChannelsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));
    app.get(
      '/payment-channels',
      { schema: { tags: ['payments'], response: { 200: offeredChannelsView } } },
      async () => ({ channels: await offeredCheckoutChannels(db, deps) }),
    );
  };
}
