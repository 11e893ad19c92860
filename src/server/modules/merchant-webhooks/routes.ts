import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { setShopWebhook, shopWebhook } from './endpoint.js';

const webhookView = z.object({
  url: z.string().nullable(),
  /** Shown once, when the endpoint is set: the shop verifies our signatures with it. */
  secret: z.string().nullable(),
  deliveries: z.array(
    z.object({
      id: z.number().int(),
      topic: z.string(),
      status: z.string(),
      attempts: z.number().int(),
      lastStatus: z.number().int().nullable(),
      createdAt: z.string(),
    }),
  ),
});

/** A merchant sets the endpoint of their shop's system and sees recent deliveries. */
export function merchantWebhookRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const shopOf = (shopId: number | null) => {
    if (shopId === null) throw new DomainError('FORBIDDEN');
    return shopId;
  };
  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));
    app.get(
      '/merchant/webhook',
      { schema: { tags: ['merchant'], response: { 200: webhookView } } },
      async (req) => shopWebhook(db, shopOf(actorOf(req).shopId)),
    );
    app.put(
      '/merchant/webhook',
      {
        schema: {
          tags: ['merchant'],
          body: z.strictObject({ url: z.string().url().max(500).nullable() }),
          response: { 200: webhookView },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        return setShopWebhook(db, {
          shopId: shopOf(actor.shopId),
          actor,
          url: req.body.url,
          requestId: req.id,
        });
      },
    );
  };
}
