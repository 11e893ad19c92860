import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cartView, setCartItemRequest } from '../../../contracts/cart.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { createCartService } from './service.js';

const tags = ['cart'];
const variantParams = z.object({ variantId: z.coerce.number().int().positive() });

export function cartRoutes(deps: Deps): FastifyPluginAsyncZod {
  const cart = createCartService(deps.database.db);
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));
    app.get('/cart', { schema: { tags, response: { 200: cartView } } }, async (req) =>
      cart.view(actorOf(req).userId),
    );
    app.put(
      '/cart/items/:variantId',
      {
        schema: {
          tags,
          params: variantParams,
          body: setCartItemRequest,
          response: { 200: cartView },
        },
      },
      async (req) => cart.setQuantity(actorOf(req).userId, req.params.variantId, req.body.quantity),
    );
    app.delete(
      '/cart/items/:variantId',
      { schema: { tags, params: variantParams, response: { 200: cartView } } },
      async (req) => cart.remove(actorOf(req).userId, req.params.variantId),
    );
  };
}
