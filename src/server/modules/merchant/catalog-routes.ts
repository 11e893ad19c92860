import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import { variantView } from '../../../contracts/catalog.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { variants } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { deleteVariant, setProductOnSale } from './catalog.js';

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
      async (req) => {
        const actor = actorOf(req);
        if (actor.shopId === null) throw new DomainError('FORBIDDEN');
        const shopId = actor.shopId;
        return withTx(db, async (tx) => {
          const [before] = await tx
            .select()
            .from(variants)
            .where(and(eq(variants.id, req.params.id), eq(variants.shopId, shopId)))
            .for('update');
          if (!before) throw new DomainError('VARIANT_NOT_FOUND');
          const [after] = await tx
            .update(variants)
            .set({ priceFen: req.body.priceFen })
            .where(eq(variants.id, before.id))
            .returning();
          if (!after) throw new DomainError('VARIANT_NOT_FOUND');
          await audit(tx, {
            actorId: actor.userId,
            actorRole: actor.role,
            action: 'variant.price',
            entityType: 'variant',
            entityId: after.id,
            before: { priceFen: before.priceFen },
            after: { priceFen: after.priceFen },
            requestId: req.id,
          });
          return {
            id: after.id,
            name: after.name,
            nameEn: after.nameEn,
            priceFen: after.priceFen,
            stockAvailable: after.stockAvailable,
          };
        });
      },
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
