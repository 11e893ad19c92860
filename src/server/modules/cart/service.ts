import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { CartView } from '../../../contracts/cart.js';
import type { Db } from '../../platform/db/client.js';
import { cartItems, products, shops, variants } from '../../platform/db/schema/index.js';
import { productImageUrl } from '../catalog/views.js';

const MAX_CART_LINES = 100;

export function createCartService(db: Db) {
  async function view(userId: number): Promise<CartView> {
    const rows = await db
      .select({ c: cartItems, v: variants, p: products, s: shops })
      .from(cartItems)
      .innerJoin(variants, eq(variants.id, cartItems.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .innerJoin(shops, eq(shops.id, variants.shopId))
      .where(and(eq(cartItems.userId, userId), isNull(variants.deletedAt)))
      .orderBy(asc(shops.id), asc(cartItems.addedAt));
    const items = rows.map(({ c, v, p, s }) => ({
      variantId: v.id,
      productId: p.id,
      shopId: s.id,
      shopName: s.name,
      title: p.title,
      titleEn: p.titleEn,
      variantName: v.name,
      variantNameEn: v.nameEn,
      imageUrl: productImageUrl(p.id),
      unitPriceFen: v.priceFen,
      quantity: c.quantity,
      stockAvailable: v.stockAvailable,
    }));
    return { items, totalFen: items.reduce((sum, i) => sum + i.unitPriceFen * i.quantity, 0) };
  }

  return {
    view,
    async setQuantity(userId: number, variantId: number, quantity: number): Promise<CartView> {
      const [variant] = await db
        .select({ id: variants.id })
        .from(variants)
        .where(and(eq(variants.id, variantId), isNull(variants.deletedAt)));
      if (!variant) throw new DomainError('VARIANT_NOT_FOUND');
      const [{ n } = { n: 0 }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(cartItems)
        .where(eq(cartItems.userId, userId));
      if (n >= MAX_CART_LINES) throw new DomainError('QUANTITY_INVALID');
      await db
        .insert(cartItems)
        .values({ userId, variantId, quantity })
        .onConflictDoUpdate({ target: [cartItems.userId, cartItems.variantId], set: { quantity } });
      return view(userId);
    },
    async remove(userId: number, variantId: number): Promise<CartView> {
      await db
        .delete(cartItems)
        .where(and(eq(cartItems.userId, userId), eq(cartItems.variantId, variantId)));
      return view(userId);
    },
  };
}
