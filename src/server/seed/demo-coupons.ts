import type { Db } from '../platform/db/client.js';
import { withTx } from '../platform/db/tx.js';
import { createCoupon, issueCoupon } from '../modules/coupons/admin.js';

const DAY = 86_400_000;

/** The demo shopper's two coupons: a platform 满99减10 and the first shop's 9折 (at most ¥20). */
export async function seedDemoCoupons(
  db: Db,
  shopperId: number,
  firstShopId: number,
  now: Date,
): Promise<void> {
  const actor = { id: null, role: 'system' };
  const window = {
    validFrom: new Date(now.getTime() - DAY).toISOString(),
    validUntil: new Date(now.getTime() + 90 * DAY).toISOString(),
  };
  await withTx(db, async (tx) => {
    const platform = await createCoupon(
      tx,
      actor,
      { any: true },
      {
        ...window,
        title: '平台满减券',
        titleEn: 'Platform coupon',
        scope: 'platform',
        shopId: null,
        kind: 'amount_off',
        thresholdFen: 9_900,
        amountOffFen: 1_000,
        percentOff: 0,
        capFen: null,
      },
      undefined,
    );
    const shop = await createCoupon(
      tx,
      actor,
      { shopId: firstShopId },
      {
        ...window,
        title: '店铺九折券',
        titleEn: 'Shop 10% off',
        scope: 'shop',
        shopId: firstShopId,
        kind: 'percent_off',
        thresholdFen: 0,
        amountOffFen: 0,
        percentOff: 10,
        capFen: 2_000,
      },
      undefined,
    );
    for (const c of [platform, shop])
      await issueCoupon(
        tx,
        actor,
        { any: true },
        c.id,
        { recipients: [], shopperIds: [shopperId] },
        now,
        undefined,
      );
  });
}
