import { z } from 'zod';
import { fen, idCursor, page, policyView } from './common.js';

export const shopView = z.object({ id: z.number().int(), name: z.string(), nameEn: z.string() });

export const variantView = z.object({
  id: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
  priceFen: fen,
  stockAvailable: z.number().int(),
});

export const productSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  titleEn: z.string(),
  imageUrl: z.string(),
  shop: shopView,
  minPriceFen: fen,
  policy: policyView,
  inStock: z.boolean(),
});
export type ProductSummary = z.infer<typeof productSummary>;

export const productDetail = productSummary.extend({
  description: z.string(),
  variants: z.array(variantView),
});
export type ProductDetail = z.infer<typeof productDetail>;

export const productListQuery = z.object({
  shopId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(60).optional(),
  cursor: idCursor.optional(),
  limit: z.coerce.number().int().min(1).max(60).default(24),
});
export const productPage = page(productSummary);
export const shopList = z.object({ items: z.array(shopView) });
