// 数据保留 (operators): how long old rows stay before the hourly pruning job deletes them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RetentionSettings } from '../../contracts/index.js';
import { api } from './client.js';

export type { RetentionSettings };

const key = ['ops', 'settings', 'retention'] as const;

export function useRetentionSettings() {
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<RetentionSettings>('/ops/settings/retention', { signal }),
  });
}

export function useSaveRetentionSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<RetentionSettings>) =>
      api<RetentionSettings>('/ops/settings/retention', { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(key, saved),
  });
}
