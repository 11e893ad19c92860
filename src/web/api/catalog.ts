// Shops and products.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { ProductDetail, ProductSummary } from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type Shop = { id: number; name: string; nameEn: string };
type ProductPage = { items: ProductSummary[]; nextCursor: string | null };

export function useShops() {
  return useQuery({
    queryKey: qk.shops,
    queryFn: () => api<{ items: Shop[] }>('/shops'),
    staleTime: 5 * 60_000,
  });
}

export function useProducts(q: string, shopId: number | undefined) {
  return useInfiniteQuery({
    queryKey: qk.products(q, shopId),
    queryFn: ({ pageParam, signal }) =>
      api<ProductPage>('/products', {
        query: { q: q || undefined, shopId, cursor: pageParam, limit: 24 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useProduct(id: number) {
  return useQuery({
    queryKey: qk.product(id),
    queryFn: ({ signal }) => api<ProductDetail>(`/products/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}
