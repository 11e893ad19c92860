// 消息中心 (in-app notices, unread count, 已读), notice preferences (email / SMS on or off) and
// the staff 发送失败 queue (failed email / SMS notices, 重新发送).
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  failedNotice,
  NoticeView,
  noticePage,
  noticePreferencesView,
} from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type Notice = NoticeView;
export type NoticePage = z.infer<typeof noticePage>;
export type NoticePreferences = z.infer<typeof noticePreferencesView>;
export type FailedNotice = z.infer<typeof failedNotice>;
type Unread = { unread: number };

/** How often the header badge asks for the unread count. */
export const UNREAD_POLL_MS = 30_000;

/** The in-app notices, newest first, 20 at a time (keyset paging by id). */
export function useNotices(enabled = true) {
  const client = useQueryClient();
  return useInfiniteQuery({
    queryKey: qk.noticeList,
    queryFn: async ({ pageParam, signal }) => {
      const page = await api<NoticePage>('/notices', {
        query: { cursor: pageParam, limit: 20 },
        signal,
      });
      // Every page carries the current unread count: keep the header badge in step.
      client.setQueryData<Unread>(qk.noticeUnread, { unread: page.unread });
      return page;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** The unread count for the header badge, polled every 30 s while signed in. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: qk.noticeUnread,
    queryFn: ({ signal }) => api<Unread>('/notices/unread-count', { signal }),
    enabled,
    refetchInterval: enabled ? UNREAD_POLL_MS : false,
    staleTime: 10_000,
  });
}

/** Marks notices read in the cached list (all of them when `id` is undefined). */
function markCached(client: QueryClient, id: number | undefined, unread: number) {
  client.setQueryData<Unread>(qk.noticeUnread, { unread });
  client.setQueryData<InfiniteData<NoticePage>>(qk.noticeList, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            unread,
            items: p.items.map((n) => (id === undefined || n.id === id ? { ...n, read: true } : n)),
          })),
        }
      : data,
  );
}

export function useMarkNoticeRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<Unread>(`/notices/${id}/read`, { method: 'POST' }),
    onSuccess: ({ unread }, id) => markCached(client, id, unread),
    onSettled: () => void client.invalidateQueries({ queryKey: qk.noticeUnread }),
  });
}

export function useMarkAllNoticesRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<Unread>('/notices/read-all', { method: 'POST' }),
    onSuccess: ({ unread }) => markCached(client, undefined, unread),
    onSettled: () => void client.invalidateQueries({ queryKey: qk.noticesRoot }),
  });
}

export function useNoticePreferences() {
  return useQuery({
    queryKey: qk.noticePreferences,
    queryFn: ({ signal }) => api<NoticePreferences>('/me/notice-preferences', { signal }),
  });
}

/** Turns order notices by email or SMS on or off; the switch moves at once, back on failure. */
export function useUpdateNoticePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<NoticePreferences>) =>
      api<NoticePreferences>('/me/notice-preferences', { method: 'PUT', body }),
    onMutate: async (body) => {
      await client.cancelQueries({ queryKey: qk.noticePreferences });
      const before = client.getQueryData<NoticePreferences>(qk.noticePreferences);
      if (before)
        client.setQueryData<NoticePreferences>(qk.noticePreferences, { ...before, ...body });
      return { before };
    },
    onError: (_err, _body, ctx) => {
      if (ctx?.before) client.setQueryData(qk.noticePreferences, ctx.before);
    },
    onSuccess: (prefs) => client.setQueryData(qk.noticePreferences, prefs),
  });
}

/** 发送失败: email / SMS notices that used up their retries (operators and agents). */
export function useFailedNotices() {
  return useQuery({
    queryKey: qk.failedNotices,
    queryFn: ({ signal }) => api<{ items: FailedNotice[] }>('/staff/notices/failed', { signal }),
  });
}

export function useResendNotice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<unknown>(`/staff/notices/${id}/resend`, { method: 'POST' }),
    onSuccess: (_res, id) => {
      // Queued again: it leaves the failed list (and comes back if it fails again).
      client.setQueryData<{ items: FailedNotice[] }>(qk.failedNotices, (data) =>
        data ? { items: data.items.filter((n) => n.id !== id) } : data,
      );
      void client.invalidateQueries({ queryKey: qk.failedNotices });
      void client.invalidateQueries({ queryKey: ['staff', 'mailbox'] });
    },
  });
}

/** The in-app path of a notice link (an absolute URL to an order or refund page), or null. */
export function noticePath(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, window.location.origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const path = url.pathname + url.search + url.hash;
    return path.startsWith('/') && !path.startsWith('//') ? path : null;
  } catch {
    return null;
  }
}
