// Staff mailbox: email and SMS the platform has sent (operators and agents).
import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { outgoingMessageView } from '../../contracts/index.js';
import { api } from './client.js';
import { qk } from './keys.js';

export type OutgoingMessage = z.infer<typeof outgoingMessageView>;
type MessagePage = { items: OutgoingMessage[]; nextCursor: string | null };

export function useOutgoingMessages(recipient: string) {
  return useInfiniteQuery({
    queryKey: qk.mailbox(recipient),
    queryFn: ({ pageParam, signal }) =>
      api<MessagePage>('/staff/outgoing-messages', {
        query: { recipient: recipient || undefined, cursor: pageParam, limit: 30 },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
