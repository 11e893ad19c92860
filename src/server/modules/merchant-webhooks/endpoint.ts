import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Db, Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { merchantWebhookDeliveries, shops } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';

export interface WebhookDeliveryView {
  id: number;
  topic: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  createdAt: string;
}

/** A shop's endpoint and its latest deliveries; the secret is shown only when it is set. */
export interface ShopWebhookView {
  url: string | null;
  secret: string | null;
  deliveries: WebhookDeliveryView[];
}

/** The shop's 20 latest deliveries, newest first. */
async function recentDeliveries(db: Executor, shopId: number): Promise<WebhookDeliveryView[]> {
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

export async function shopWebhook(db: Executor, shopId: number): Promise<ShopWebhookView> {
  const [shop] = await db.select().from(shops).where(eq(shops.id, shopId));
  return {
    url: shop?.webhookUrl ?? null,
    secret: null,
    deliveries: await recentDeliveries(db, shopId),
  };
}

/**
 * Sets (or, with null, removes) the shop's endpoint. Every call draws a new signing secret,
 * answered only this once; deliveries from then on are signed with it.
 */
export async function setShopWebhook(
  db: Db,
  input: {
    shopId: number;
    actor: { userId: number; role: string };
    url: string | null;
    requestId: string;
  },
): Promise<ShopWebhookView> {
  const { shopId, actor, url } = input;
  if (url && !/^https?:\/\//.test(url))
    throw new DomainError('VALIDATION_FAILED', { field: 'url' });
  const secret = url ? `whsec_${randomBytes(24).toString('hex')}` : null;
  await withTx(db, async (tx) => {
    await tx
      .update(shops)
      .set({ webhookUrl: url, webhookSecret: secret })
      .where(eq(shops.id, shopId));
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'shop.webhook',
      entityType: 'shop',
      entityId: shopId,
      after: { url },
      requestId: input.requestId,
    });
  });
  return { url, secret, deliveries: await recentDeliveries(db, shopId) };
}
