import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { variantView } from '../../../contracts/catalog.js';
import { DomainError } from '../../../domain/errors.js';
import type { Db, Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { cartItems, products, variants } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import type { Actor } from '../../platform/http/session.js';

type MerchantActor = Pick<Actor, 'userId' | 'role'> & { shopId: number };

/**
 * Changes the price of a variant of the merchant's shop. Orders already placed keep the price
 * on their lines (a snapshot); carts and new orders see the new one.
 */
export async function setVariantPrice(
  db: Db,
  actor: MerchantActor,
  variantId: number,
  priceFen: number,
  requestId: string,
): Promise<z.infer<typeof variantView>> {
  return withTx(db, async (tx) => {
    const before = await lockShopVariant(tx, actor.shopId, variantId);
    const [after] = await tx
      .update(variants)
      .set({ priceFen })
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
      requestId,
    });
    return {
      id: after.id,
      name: after.name,
      nameEn: after.nameEn,
      priceFen: after.priceFen,
      stockAvailable: after.stockAvailable,
    };
  });
}

/**
 * 下架 / 上架: takes a product of the merchant's shop off sale or back. Orders already placed
 * keep their lines (a snapshot), so they still cancel, refund and restock as before.
 */
export async function setProductOnSale(
  db: Db,
  actor: MerchantActor,
  productId: number,
  onSale: boolean,
  requestId: string,
): Promise<{ id: number; onSale: boolean }> {
  return withTx(db, async (tx) => {
    const [before] = await tx
      .select()
      .from(products)
      .where(and(eq(products.id, productId), eq(products.shopId, actor.shopId)))
      .for('update');
    if (!before) throw new DomainError('PRODUCT_NOT_FOUND');
    const value = onSale ? 1 : 0;
    if (before.onSale !== value) {
      await tx.update(products).set({ onSale: value }).where(eq(products.id, before.id));
      await audit(tx, {
        actorId: actor.userId,
        actorRole: actor.role,
        action: onSale ? 'product.listed' : 'product.delisted',
        entityType: 'product',
        entityId: before.id,
        before: { onSale: before.onSale === 1 },
        after: { onSale },
        requestId,
      });
    }
    return { id: before.id, onSale };
  });
}

/**
 * Deletes a variant of the merchant's shop. Order lines and the stock ledger refer to it, so
 * the row stays with `deleted_at` set: it leaves the catalog and every cart, and open orders of
 * it still cancel and release their units through the ledger. A second delete changes nothing.
 */
export async function deleteVariant(
  db: Db,
  actor: MerchantActor,
  variantId: number,
  now: Date,
  requestId: string,
): Promise<void> {
  await withTx(db, async (tx) => {
    const before = await lockShopVariant(tx, actor.shopId, variantId);
    const [deleted] = await tx
      .update(variants)
      .set({ deletedAt: now })
      .where(and(eq(variants.id, before.id), isNull(variants.deletedAt)))
      .returning({ id: variants.id });
    if (!deleted) return;
    await tx.delete(cartItems).where(eq(cartItems.variantId, before.id));
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'variant.deleted',
      entityType: 'variant',
      entityId: before.id,
      before: { deletedAt: null },
      after: { deletedAt: now.toISOString() },
      requestId,
    });
  });
}

/** The shop's own variant, locked for the change; any other id is VARIANT_NOT_FOUND. */
async function lockShopVariant(tx: Executor, shopId: number, variantId: number) {
  const [variant] = await tx
    .select()
    .from(variants)
    .where(and(eq(variants.id, variantId), eq(variants.shopId, shopId)))
    .for('update');
  if (!variant) throw new DomainError('VARIANT_NOT_FOUND');
  return variant;
}
