import { z } from 'zod';
import { fen } from './common.js';

export const cartItemView = z.object({
  variantId: z.number().int(),
  productId: z.number().int(),
  shopId: z.number().int(),
  shopName: z.string(),
  title: z.string(),
  titleEn: z.string(),
  variantName: z.string(),
  variantNameEn: z.string(),
  imageUrl: z.string(),
  unitPriceFen: fen,
  quantity: z.number().int(),
  stockAvailable: z.number().int(),
});
export type CartItemView = z.infer<typeof cartItemView>;

export const cartView = z.object({ items: z.array(cartItemView), totalFen: fen });
export type CartView = z.infer<typeof cartView>;

export const setCartItemRequest = z.strictObject({ quantity: z.number().int().min(1).max(99) });

/** 再次购买: what changed since the order, item by item, after putting it back in the cart. */
export const buyAgainResponse = z.object({
  items: z.array(
    z.object({
      variantId: z.number().int(),
      title: z.string(),
      titleEn: z.string(),
      variantName: z.string(),
      variantNameEn: z.string(),
      orderedQuantity: z.number().int(),
      addedQuantity: z.number().int(),
      oldPriceFen: fen,
      newPriceFen: fen.nullable(),
      change: z.enum(['same', 'price_up', 'price_down', 'out_of_stock', 'short_stock', 'removed']),
      /** Why a removed item is gone: its product was taken off sale, or its variant deleted. */
      goneReason: z.enum(['delisted', 'deleted']).nullable(),
      /** One line about this item, in the caller's language (zh-CN unless asked for English). */
      message: z.string(),
    }),
  ),
  /** The items that are gone, named in one sentence (null when none is). */
  goneSummary: z.string().nullable(),
  cart: cartView,
});
export type BuyAgainResponse = z.infer<typeof buyAgainResponse>;
