import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import { variantView } from '../../../contracts/catalog.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { deleteVariant, setProductOnSale, setVariantPrice } from './catalog.js';

const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function merchantOf(req: Parameters<typeof actorOf>[0]) {
  const actor = actorOf(req);
  if (actor.shopId === null) throw new DomainError('FORBIDDEN');
  return { userId: actor.userId, role: actor.role, shopId: actor.shopId };
}

/**
 * A merchant changes the price of one of their shop's variants (orders keep the old price),
 * deletes a variant (a soft delete) or takes a product off sale (下架) and back.
 */
export function merchantCatalogRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));
    app.patch(
      '/merchant/variants/:id',
      {
        schema: {
          tags: ['merchant'],
          params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
          body: z.strictObject({ priceFen: z.number().int().min(1).max(100_000_000) }),
          response: { 200: variantView },
        },
      },
      async (req) => setVariantPrice(db, merchantOf(req), req.params.id, req.body.priceFen, req.id),
    );
    app.put(
      '/merchant/products/:id/on-sale',
      {
        schema: {
          tags: ['merchant'],
          params: idParams,
          body: z.strictObject({ onSale: z.boolean() }),
          response: { 200: z.object({ id: z.number().int(), onSale: z.boolean() }) },
        },
      },
      async (req) => setProductOnSale(db, merchantOf(req), req.params.id, req.body.onSale, req.id),
    );
    app.delete(
      '/merchant/variants/:id',
      {
        schema: {
          tags: ['merchant'],
          params: idParams,
          response: { 200: z.object({ id: z.number().int(), deleted: z.literal(true) }) },
        },
      },
      async (req) => {
        await deleteVariant(db, merchantOf(req), req.params.id, deps.clock.now(), req.id);
        return { id: req.params.id, deleted: true as const };
      },
    );
  };
}
