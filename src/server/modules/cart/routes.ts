import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { buyAgainResponse, cartView, setCartItemRequest } from '../../../contracts/cart.js';
import { orderNo } from '../../../contracts/common.js';
import type { Deps } from '../../deps.js';
import { requestLocale } from '../../platform/http/locale.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { buyAgain } from './buy-again.js';
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
    app.post(
      '/orders/:orderNo/buy-again',
      { schema: { tags, params: z.object({ orderNo }), response: { 200: buyAgainResponse } } },
      async (req) => {
        const userId = actorOf(req).userId;
        const result = await buyAgain(
          deps.database.db,
          userId,
          req.params.orderNo,
          requestLocale(req),
        );
        return { ...result, cart: await cart.view(userId) };
      },
    );
    app.delete(
      '/cart/items/:variantId',
      { schema: { tags, params: variantParams, response: { 200: cartView } } },
      async (req) => cart.remove(actorOf(req).userId, req.params.variantId),
    );
  };
}
