import { eq } from 'drizzle-orm';
import type { ShopNoticePreferencesView } from '../../../contracts/notices.js';
import type { Db, Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { shopNoticePreferences } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';

/** Every channel on until the shop says otherwise. */
export const SHOP_NOTICE_DEFAULTS: ShopNoticePreferencesView = {
  inApp: true,
  email: true,
  sms: true,
};

export async function shopNoticePreferencesOf(
  db: Executor,
  shopId: number,
): Promise<ShopNoticePreferencesView> {
  const [row] = await db
    .select()
    .from(shopNoticePreferences)
    .where(eq(shopNoticePreferences.shopId, shopId));
  return row ? { inApp: row.inApp, email: row.email, sms: row.sms } : SHOP_NOTICE_DEFAULTS;
}

/** Changes some of a shop's channels, with an audit row of before and after. */
export async function updateShopNoticePreferences(
  db: Db,
  input: {
    shopId: number;
    actor: { userId: number; role: string };
    change: Partial<ShopNoticePreferencesView>;
    now: Date;
    requestId: string;
  },
): Promise<ShopNoticePreferencesView> {
  return withTx(db, async (tx) => {
    const [locked] = await tx
      .select()
      .from(shopNoticePreferences)
      .where(eq(shopNoticePreferences.shopId, input.shopId))
      .for('update');
    const before = locked
      ? { inApp: locked.inApp, email: locked.email, sms: locked.sms }
      : SHOP_NOTICE_DEFAULTS;
    const after = { ...before, ...input.change };
    await tx
      .insert(shopNoticePreferences)
      .values({
        shopId: input.shopId,
        ...after,
        updatedBy: input.actor.userId,
        updatedAt: input.now,
      })
      .onConflictDoUpdate({
        target: shopNoticePreferences.shopId,
        set: { ...after, updatedBy: input.actor.userId, updatedAt: input.now },
      });
    await audit(tx, {
      actorId: input.actor.userId,
      actorRole: input.actor.role,
      action: 'shop.notice_preferences',
      entityType: 'shop',
      entityId: input.shopId,
      before,
      after,
      requestId: input.requestId,
    });
    return after;
  });
}
