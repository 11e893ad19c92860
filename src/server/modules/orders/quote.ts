import { inArray } from 'drizzle-orm';
import { priceOrder } from '../../../domain/pricing.js';
import type { Quote } from '../../../contracts/orders.js';
import type { Db } from '../../platform/db/client.js';
import { shops, variants } from '../../platform/db/schema/index.js';

/**
 * What a checkout would cost, per shop, with the same pricing function that places orders.
 * Reads only: stock can still change before the order is placed, which then says so.
 */
export async function quoteOrders(
  db: Db,
  items: { variantId: number; quantity: number }[],
): Promise<Quote> {
  const wanted = new Map<number, number>();
  for (const i of items) wanted.set(i.variantId, (wanted.get(i.variantId) ?? 0) + i.quantity);
  const found = await db
    .select()
    .from(variants)
    .where(inArray(variants.id, [...wanted.keys()]));
  const problems: Quote['problems'] = [];
  for (const [variantId, q] of wanted) {
    const v = found.find((f) => f.id === variantId);
    if (!v || v.deletedAt !== null)
      problems.push({ variantId, code: 'VARIANT_NOT_FOUND', available: 0 });
    else if (v.stockAvailable < q)
      problems.push({ variantId, code: 'OUT_OF_STOCK', available: v.stockAvailable });
  }
  const sellable = found.filter((v) => v.deletedAt === null);
  const shopRows = sellable.length
    ? await db
        .select()
        .from(shops)
        .where(inArray(shops.id, [...new Set(sellable.map((v) => v.shopId))]))
    : [];
  const orders = shopRows
    .sort((a, b) => a.id - b.id)
    .map((shop) => {
      const lines = sellable
        .filter((v) => v.shopId === shop.id)
        .map((v) => ({ unitPriceFen: v.priceFen, quantity: wanted.get(v.id) ?? 0 }));
      const priced = priceOrder(lines, shop);
      return {
        shop: { id: shop.id, name: shop.name, nameEn: shop.nameEn },
        goodsFen: priced.goodsFen,
        discountFen: priced.discountFen,
        shippingFen: priced.shippingFen,
        payableFen: priced.payableFen,
      };
    });
  return { orders, totalFen: orders.reduce((sum, o) => sum + o.payableFen, 0), problems };
}
