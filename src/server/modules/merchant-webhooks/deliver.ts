import { createHmac } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { merchantWebhookDeliveries, orders, shops } from '../../platform/db/schema/index.js';
import type { OutboxEvent } from '../../platform/outbox/outbox.js';

export const MERCHANT_WEBHOOK_ATTEMPTS = 10;
export const SIGNATURE_HEADER = 'btepai-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`, as payment providers sign theirs. */
export function signMerchantWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Tells a shop's own system about one of its orders' events: recorded once per (event, shop),
 * POSTed signed, retried by the outbox until the endpoint answers 2xx.
 */
export async function deliverMerchantWebhook(
  deps: Deps,
  event: OutboxEvent<{ orderId: number }>,
): Promise<void> {
  const { db } = deps.database;
  const payload = event.payload;
  const [row] = await db
    .select({
      orderNo: orders.orderNo,
      status: orders.status,
      shopId: shops.id,
      url: shops.webhookUrl,
      secret: shops.webhookSecret,
    })
    .from(orders)
    .innerJoin(shops, eq(shops.id, orders.shopId))
    .where(eq(orders.id, payload.orderId));
  if (!row?.url || !row.secret) return;
  const now = deps.clock.now();
  const body = JSON.stringify({
    id: event.eventId,
    type: event.topic,
    created: Math.floor(now.getTime() / 1000),
    data: { orderNo: row.orderNo, orderStatus: row.status, ...payload, orderId: undefined },
  });
  await db
    .insert(merchantWebhookDeliveries)
    .values({
      shopId: row.shopId,
      eventId: event.eventId,
      topic: event.topic,
      url: row.url,
      body,
      status: 'pending',
      createdAt: now,
    })
    .onConflictDoNothing();
  const [delivery] = await db
    .select()
    .from(merchantWebhookDeliveries)
    .where(
      and(
        eq(merchantWebhookDeliveries.eventId, event.eventId),
        eq(merchantWebhookDeliveries.shopId, row.shopId),
      ),
    );
  if (!delivery || delivery.status === 'delivered') return;
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signMerchantWebhook(row.secret, delivery.body, now),
      },
      body: delivery.body,
      signal: AbortSignal.timeout(5_000),
    });
    status = res.status;
    if (res.ok) {
      await db
        .update(merchantWebhookDeliveries)
        .set({
          status: 'delivered',
          attempts: sql`${merchantWebhookDeliveries.attempts} + 1`,
          lastStatus: status,
          deliveredAt: now,
          lastError: null,
        })
        .where(eq(merchantWebhookDeliveries.id, delivery.id));
      return;
    }
    error = `HTTP ${status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  await db
    .update(merchantWebhookDeliveries)
    .set({
      attempts: sql`${merchantWebhookDeliveries.attempts} + 1`,
      lastStatus: status,
      lastError: error.slice(0, 500),
      ...(event.attempts >= MERCHANT_WEBHOOK_ATTEMPTS ? { status: 'failed' as const } : {}),
    })
    .where(eq(merchantWebhookDeliveries.id, delivery.id));
  throw new Error(`merchant webhook to shop ${row.shopId} failed: ${error}`);
}
