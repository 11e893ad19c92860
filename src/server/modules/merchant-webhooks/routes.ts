import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { merchantWebhookDeliveries, shops } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import { actorOf, requireRole } from '../../platform/http/session.js';

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
  async function recent(shopId: number) {
    const rows = await db
      .select()
      .from(merchantWebhookDeliveries)
      .where(eq(merchantWebhookDeliveries.shopId, shopId))
      .orderBy(desc(merchantWebhookDeliveries.id))
      .limit(20);
    return rows.map((d) => ({
      id: d.id,
      topic: d.topic,
      status: d.status,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      createdAt: d.createdAt.toISOString(),
    }));
  }
  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));
    app.get(
      '/merchant/webhook',
      { schema: { tags: ['merchant'], response: { 200: webhookView } } },
      async (req) => {
        const shopId = shopOf(actorOf(req).shopId);
        const [shop] = await db.select().from(shops).where(eq(shops.id, shopId));
        return { url: shop?.webhookUrl ?? null, secret: null, deliveries: await recent(shopId) };
      },
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
        const shopId = shopOf(actor.shopId);
        if (req.body.url && !/^https?:\/\//.test(req.body.url))
          throw new DomainError('VALIDATION_FAILED', { field: 'url' });
        const secret = req.body.url ? `whsec_${randomBytes(24).toString('hex')}` : null;
        await withTx(db, async (tx) => {
          await tx
            .update(shops)
            .set({ webhookUrl: req.body.url, webhookSecret: secret })
            .where(eq(shops.id, shopId));
          await audit(tx, {
            actorId: actor.userId,
            actorRole: actor.role,
            action: 'shop.webhook',
            entityType: 'shop',
            entityId: shopId,
            after: { url: req.body.url },
            requestId: req.id,
          });
        });
        return { url: req.body.url, secret, deliveries: await recent(shopId) };
      },
    );
  };
}
