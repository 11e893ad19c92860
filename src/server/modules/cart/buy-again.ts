import { asc, eq, inArray } from 'drizzle-orm';
import type { BuyAgainResponse } from '../../../contracts/cart.js';
import type { Db } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { cartItems, orderLines, products, variants } from '../../platform/db/schema/index.js';
import { findOrder } from '../orders/lock.js';

type Change = BuyAgainResponse['items'][number]['change'];

function changeOf(
  oldPrice: number,
  newPrice: number | null,
  available: number,
  wanted: number,
  onSale: boolean,
): Change {
  if (newPrice === null || !onSale) return 'removed';
  if (available === 0) return 'out_of_stock';
  if (available < wanted) return 'short_stock';
  if (newPrice > oldPrice) return 'price_up';
  if (newPrice < oldPrice) return 'price_down';
  return 'same';
}

/**
 * Puts an order's items back in the cart at today's price and stock (as much as is on the
 * shelf), and says for each what changed. Never blocked by account standing.
 */
export async function buyAgain(
  db: Db,
  shopperId: number,
  orderNo: string,
): Promise<Omit<BuyAgainResponse, 'cart'>> {
  const order = await findOrder(db, orderNo, { shopperId });
  return withTx(db, async (tx) => {
    const lines = await tx
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, order.id))
      .orderBy(asc(orderLines.id));
    const current = await tx
      .select({ v: variants, onSale: products.onSale })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(
        inArray(
          variants.id,
          lines.map((l) => l.variantId),
        ),
      );
    const items: BuyAgainResponse['items'] = [];
    for (const l of lines) {
      const now = current.find((c) => c.v.id === l.variantId);
      const available = now?.v.stockAvailable ?? 0;
      const change = changeOf(
        l.unitPriceFen,
        now?.v.priceFen ?? null,
        available,
        l.qtyOrdered,
        now?.onSale === 1,
      );
      const addedQuantity = change === 'removed' ? 0 : Math.min(l.qtyOrdered, available, 99);
      if (addedQuantity > 0) {
        await tx
          .insert(cartItems)
          .values({ userId: shopperId, variantId: l.variantId, quantity: addedQuantity })
          .onConflictDoUpdate({
            target: [cartItems.userId, cartItems.variantId],
            set: { quantity: addedQuantity },
          });
      }
      items.push({
        variantId: l.variantId,
        title: l.title,
        titleEn: l.titleEn,
        variantName: l.variantName,
        variantNameEn: l.variantNameEn,
        orderedQuantity: l.qtyOrdered,
        addedQuantity,
        oldPriceFen: l.unitPriceFen,
        newPriceFen: now?.v.priceFen ?? null,
        change,
      });
    }
    return { items };
  });
}
