import { and, asc, eq, gt, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { ProductDetail, ProductSummary } from '../../../contracts/catalog.js';
import type { Db } from '../../platform/db/client.js';
import { products, shops, variants } from '../../platform/db/schema/index.js';
import { policyView, productImageUrl } from './views.js';

type ProductRow = typeof products.$inferSelect;
type ShopRow = typeof shops.$inferSelect;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function createCatalogService(db: Db) {
  async function variantsOf(productIds: number[]) {
    if (productIds.length === 0) return [];
    return db
      .select()
      .from(variants)
      .where(and(inArray(variants.productId, productIds), isNull(variants.deletedAt)))
      .orderBy(asc(variants.id));
  }

  function summary(
    p: ProductRow,
    shop: ShopRow,
    vs: (typeof variants.$inferSelect)[],
  ): ProductSummary {
    return {
      id: p.id,
      title: p.title,
      titleEn: p.titleEn,
      imageUrl: productImageUrl(p.id),
      shop: { id: shop.id, name: shop.name, nameEn: shop.nameEn },
      minPriceFen: Math.min(...vs.map((v) => v.priceFen)),
      policy: policyView({ kind: p.policyKind, feeKind: p.feeKind, feeValue: p.feeValue }),
      inStock: vs.some((v) => v.stockAvailable > 0),
    };
  }

  return {
    async listShops() {
      return db.select().from(shops).orderBy(asc(shops.id));
    },

    async listProducts(q: {
      shopId?: number | undefined;
      q?: string | undefined;
      cursor?: string | undefined;
      limit: number;
    }) {
      const after = q.cursor ? Number(q.cursor) : 0;
      const conditions = [
        eq(products.onSale, 1),
        gt(products.id, Number.isFinite(after) ? after : 0),
      ];
      if (q.shopId) conditions.push(eq(products.shopId, q.shopId));
      if (q.q) {
        const pattern = `%${escapeLike(q.q)}%`;
        const match = or(ilike(products.title, pattern), ilike(products.titleEn, pattern));
        if (match) conditions.push(match);
      }
      const rows = await db
        .select({ p: products, s: shops })
        .from(products)
        .innerJoin(shops, eq(shops.id, products.shopId))
        .where(and(...conditions))
        .orderBy(asc(products.id))
        .limit(q.limit + 1);
      const pageRows = rows.slice(0, q.limit);
      const vs = await variantsOf(pageRows.map((r) => r.p.id));
      const items = pageRows
        .map((r) => ({ r, v: vs.filter((v) => v.productId === r.p.id) }))
        .filter(({ v }) => v.length > 0)
        .map(({ r, v }) => summary(r.p, r.s, v));
      const last = pageRows.at(-1);
      return { items, nextCursor: rows.length > q.limit && last ? String(last.p.id) : null };
    },

    async getProduct(id: number): Promise<ProductDetail> {
      const [row] = await db
        .select({ p: products, s: shops })
        .from(products)
        .innerJoin(shops, eq(shops.id, products.shopId))
        .where(eq(products.id, id))
        .limit(1);
      if (!row) throw new DomainError('PRODUCT_NOT_FOUND');
      const vs = await variantsOf([id]);
      if (vs.length === 0) throw new DomainError('PRODUCT_NOT_FOUND');
      return {
        ...summary(row.p, row.s, vs),
        description: row.p.description,
        variants: vs.map((v) => ({
          id: v.id,
          name: v.name,
          nameEn: v.nameEn,
          priceFen: v.priceFen,
          stockAvailable: v.stockAvailable,
        })),
      };
    },

    async productImage(id: number): Promise<{ title: string; hue: number } | undefined> {
      const [row] = await db
        .select({ title: products.title, hue: products.imageHue })
        .from(products)
        .where(eq(products.id, id))
        .limit(1);
      return row;
    },

    /** Total on-hand stock for a health check of the ledger (tests, benches). */
    async stockTotals(variantId: number) {
      const [row] = await db
        .select({
          available: variants.stockAvailable,
          reserved: variants.stockReserved,
          shipped: variants.stockShipped,
          ledgerReceived: sql<number>`(SELECT COALESCE(SUM(quantity), 0)::int FROM stock_movements m WHERE m.variant_id = ${variants.id} AND m.kind = 'receive')`,
        })
        .from(variants)
        .where(eq(variants.id, variantId));
      return row;
    },
  };
}
