import { asc, eq, inArray } from 'drizzle-orm';
import type { BuyAgainResponse } from '../../../contracts/cart.js';
import { buyAgainMessage, decideBuyAgain, goneSummary } from '../../../domain/buy-again.js';
import type { Db } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { cartItems, orderLines, products, variants } from '../../platform/db/schema/index.js';
import { findOrder } from '../orders/lock.js';

/**
 * Puts an order's items back in the cart at today's price and stock (as much as is on the
 * shelf), and says for each what changed — naming the items whose product was taken off sale
 * or whose variant was deleted. Never blocked by account standing.
 */
export async function buyAgain(
  db: Db,
  shopperId: number,
  orderNo: string,
  lang: 'zh-CN' | 'en',
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
      const decision = decideBuyAgain(
        l.unitPriceFen,
        l.qtyOrdered,
        now
          ? {
              priceFen: now.v.priceFen,
              stockAvailable: now.v.stockAvailable,
              deleted: now.v.deletedAt !== null,
              productOnSale: now.onSale === 1,
            }
          : null,
      );
      const addedQuantity = decision.addQuantity;
      if (addedQuantity > 0) {
        await tx
          .insert(cartItems)
          .values({ userId: shopperId, variantId: l.variantId, quantity: addedQuantity })
          .onConflictDoUpdate({
            target: [cartItems.userId, cartItems.variantId],
            set: { quantity: addedQuantity },
          });
      }
      const text = {
        title: l.title,
        titleEn: l.titleEn,
        variantName: l.variantName,
        variantNameEn: l.variantNameEn,
        oldPriceFen: l.unitPriceFen,
        newPriceFen: decision.goneReason === null ? (now?.v.priceFen ?? null) : null,
        addedQuantity,
        change: decision.change,
        goneReason: decision.goneReason,
      };
      items.push({
        variantId: l.variantId,
        ...text,
        orderedQuantity: l.qtyOrdered,
        message: buyAgainMessage(text, lang),
      });
    }
    return { items, goneSummary: goneSummary(items, lang) };
  });
}
