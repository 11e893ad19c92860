import type { Executor } from '../../platform/db/client.js';

/** Chats and board messages about one order, as the support module exports them. */
export interface SupportHistory {
  chats: Array<{
    id: number;
    status: string;
    openedAt: string;
    closedAt: string | null;
    agentName: string | null;
    rating: number | null;
    messages: Array<{
      id: number;
      senderRole: 'shopper' | 'agent' | 'system';
      senderName: string;
      body: string;
      attachments: Array<{ id: number; fileName: string; mimeType: string; storagePath: string }>;
      createdAt: string;
    }>;
  }>;
  boardMessages: Array<{
    id: number;
    subject: string;
    body: string;
    createdAt: string;
    replyDueAt: string;
    replies: Array<{ id: number; authorName: string; body: string; createdAt: string }>;
  }>;
}

export type SupportHistoryLoader = (db: Executor, orderId: number) => Promise<SupportHistory>;

/** Until customer service ships its loader (support/order-history.ts), an order has none. */
export const noSupportHistory: SupportHistoryLoader = () =>
  Promise.resolve({ chats: [], boardMessages: [] });
