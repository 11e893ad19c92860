// What is being bought at checkout: from the cart (?items=1,2) or one product (?product&variant&qty).
import type { CartView, PolicyView, ProductDetail } from '../../contracts/index.js';

export interface CheckoutLine {
  variantId: number;
  productId: number;
  shopId: number;
  shopName: string;
  title: string;
  titleEn: string;
  variantName: string;
  variantNameEn: string;
  imageUrl: string;
  unitPriceFen: number;
  quantity: number;
  stockAvailable: number;
  policy: PolicyView | null;
}

export type CheckoutSource =
  | { kind: 'cart'; variantIds: number[] }
  | { kind: 'product'; productId: number; variantId: number; quantity: number }
  | { kind: 'invalid' };

const positiveInt = (s: string | null): number | null => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : null;
};

export function parseCheckoutSource(params: URLSearchParams): CheckoutSource {
  const productId = positiveInt(params.get('product'));
  const variantId = positiveInt(params.get('variant'));
  if (productId && variantId) {
    const quantity = Math.min(99, positiveInt(params.get('qty')) ?? 1);
    return { kind: 'product', productId, variantId, quantity };
  }
  const ids = (params.get('items') ?? '')
    .split(',')
    .map((s) => positiveInt(s))
    .filter((n): n is number => n !== null);
  return ids.length > 0 ? { kind: 'cart', variantIds: ids } : { kind: 'invalid' };
}

export function linesFromCart(cart: CartView, variantIds: number[]): CheckoutLine[] {
  const wanted = new Set(variantIds);
  return cart.items.filter((i) => wanted.has(i.variantId)).map((i) => ({ ...i, policy: null }));
}

export function lineFromProduct(
  p: ProductDetail,
  variantId: number,
  quantity: number,
): CheckoutLine[] {
  const v = p.variants.find((x) => x.id === variantId);
  if (!v) return [];
  return [
    {
      variantId: v.id,
      productId: p.id,
      shopId: p.shop.id,
      shopName: p.shop.name,
      title: p.title,
      titleEn: p.titleEn,
      variantName: v.name,
      variantNameEn: v.nameEn,
      imageUrl: p.imageUrl,
      unitPriceFen: v.priceFen,
      quantity,
      stockAvailable: v.stockAvailable,
      policy: p.policy,
    },
  ];
}
