// The shopper's cart.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CartView } from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export function useCart(enabled = true) {
  return useQuery({
    queryKey: qk.cart,
    queryFn: ({ signal }) => api<CartView>('/cart', { signal }),
    enabled,
  });
}

export function useSetCartItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ variantId, quantity }: { variantId: number; quantity: number }) =>
      api<unknown>(`/cart/items/${variantId}`, { method: 'PUT', body: { quantity } }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.cart }),
  });
}

export function useRemoveCartItem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (variantId: number) =>
      api<unknown>(`/cart/items/${variantId}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.cart }),
  });
}
