// 客服: the contact page, online chats (shopper and agent side), 留言, an order's 客服记录 and the
// operator's customer service settings.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AttachmentView,
  BoardMessageView,
  ChatMessageView,
  ChatView,
  ContactView,
  OrderPanel,
  SupportHistoryView,
  SupportSettings,
} from '../../contracts/index.js';
import { api, ApiError } from './client.js';
import i18n from '../i18n/index.js';

export type { BoardMessageView, ChatMessageView, ChatView, ContactView, OrderPanel };

export const sk = {
  contact: ['support', 'contact'] as const,
  myChats: ['support', 'chats', 'mine'] as const,
  chat: (id: number) => ['support', 'chat', id] as const,
  opsChats: (state: string) => ['support', 'ops', 'chats', state] as const,
  orderPanel: (chatId: number) => ['support', 'order-panel', chatId] as const,
  board: ['support', 'board', 'mine'] as const,
  opsBoard: (state: string) => ['support', 'ops', 'board', state] as const,
  history: (orderNo: string, staff: boolean) => ['support', 'history', orderNo, staff] as const,
  settings: ['ops', 'settings', 'support'] as const,
};

export function useContact() {
  return useQuery({
    queryKey: sk.contact,
    queryFn: ({ signal }) => api<ContactView>('/support/contact', { signal }),
    refetchInterval: 60_000,
  });
}

export function useOpenChat() {
  return useMutation({
    mutationFn: (orderNo: string | undefined) =>
      api<ChatView>('/support/chats', { method: 'POST', body: orderNo ? { orderNo } : {} }),
  });
}

export function useChat(id: number) {
  return useQuery({
    queryKey: sk.chat(id),
    queryFn: ({ signal }) => api<ChatView>(`/support/chats/${id}`, { signal }),
  });
}

export function useCloseChat(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<ChatView>(`/support/chats/${id}/close`, { method: 'POST' }),
    onSuccess: (chat) => client.setQueryData(sk.chat(id), chat),
  });
}

export function useRateChat(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rating: number) =>
      api<ChatView>(`/support/chats/${id}/rating`, { method: 'POST', body: { rating } }),
    onSuccess: (chat) => client.setQueryData(sk.chat(id), chat),
  });
}

export function useOpsChats(state: 'queued' | 'mine' | 'closed') {
  return useQuery({
    queryKey: sk.opsChats(state),
    queryFn: ({ signal }) =>
      api<{ items: ChatView[] }>('/ops/support/chats', { query: { state }, signal }),
    refetchInterval: state === 'closed' ? false : 3_000,
  });
}

export function useTakeChat() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<ChatView>(`/support/chats/${id}/take`, { method: 'POST' }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['support', 'ops', 'chats'] }),
  });
}

export function useOrderPanel(chatId: number, enabled: boolean) {
  return useQuery({
    queryKey: sk.orderPanel(chatId),
    queryFn: ({ signal }) => api<OrderPanel>(`/support/chats/${chatId}/order`, { signal }),
    enabled,
  });
}

export function useChatAction(chatId: number, action: 'cancel' | 'refund') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, string>) =>
      api<{ result: string; orderStatus: string }>(`/support/chats/${chatId}/actions/${action}`, {
        method: 'POST',
        body,
      }),
    onSettled: () => void client.invalidateQueries({ queryKey: sk.orderPanel(chatId) }),
  });
}

/** Uploads one picture to a chat; the server checks its content. */
export async function uploadChatImage(chatId: number, file: File): Promise<AttachmentView> {
  const form = new FormData();
  form.append('file', file, file.name);
  const csrf = /(?:^|;\s*)btp_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
  const res = await fetch(`/api/v1/support/chats/${chatId}/attachments`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': decodeURIComponent(csrf), Accept: 'application/json' },
  });
  const json = (await res.json().catch(() => null)) as
    AttachmentView | { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    const error = json && 'error' in json ? json.error : undefined;
    throw new ApiError(
      res.status,
      error?.code ?? `HTTP_${res.status}`,
      error?.message ?? i18n.t('common.serverError'),
    );
  }
  return json as AttachmentView;
}

export function useMyBoard() {
  return useQuery({
    queryKey: sk.board,
    queryFn: ({ signal }) => api<{ items: BoardMessageView[] }>('/support/board', { signal }),
  });
}

export function useLeaveMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { orderNo?: string; subject: string; body: string }) =>
      api<BoardMessageView>('/support/board', { method: 'POST', body }),
    onSuccess: () => void client.invalidateQueries({ queryKey: sk.board }),
  });
}

export function useOpsBoard(state: 'open' | 'answered') {
  return useQuery({
    queryKey: sk.opsBoard(state),
    queryFn: ({ signal }) =>
      api<{ items: BoardMessageView[] }>('/ops/support/board', { query: { state }, signal }),
    refetchInterval: 30_000,
  });
}

export function useReplyBoard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: string }) =>
      api<BoardMessageView>(`/ops/support/board/${id}/replies`, { method: 'POST', body: { body } }),
    onSettled: () => void client.invalidateQueries({ queryKey: ['support', 'ops', 'board'] }),
  });
}

export function useSupportHistory(orderNo: string, staff: boolean) {
  return useQuery({
    queryKey: sk.history(orderNo, staff),
    queryFn: ({ signal }) =>
      api<SupportHistoryView>(
        staff ? `/ops/orders/${orderNo}/support-history` : `/orders/${orderNo}/support-history`,
        { signal },
      ),
  });
}

export function useSupportSettings(enabled = true) {
  return useQuery({
    queryKey: sk.settings,
    queryFn: ({ signal }) => api<SupportSettings>('/ops/settings/support', { signal }),
    enabled,
  });
}

export function useSaveSupportSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<SupportSettings>) =>
      api<SupportSettings>('/ops/settings/support', { method: 'PUT', body }),
    onSuccess: (saved) => {
      client.setQueryData(sk.settings, saved);
      void client.invalidateQueries({ queryKey: sk.contact });
    },
  });
}
