// 店铺通知设置 (merchants): which channels carry notices to the shop's staff.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ShopNoticePreferencesView } from '../../contracts/index.js';
import { api } from './client.js';

export type ShopNoticePreferences = ShopNoticePreferencesView;

const key = ['merchant', 'notice-preferences'] as const;

export function useShopNoticePreferences() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<ShopNoticePreferences>('/merchant/notice-preferences', { signal }),
  });
}

export function useSaveShopNoticePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<ShopNoticePreferences>) =>
      api<ShopNoticePreferences>('/merchant/notice-preferences', { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(key, saved),
  });
}
