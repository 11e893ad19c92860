// Online chat lifecycle: a shopper opens a chat (排队中), an agent takes it (服务中), either side
// ends it (已结束); only the shopper rates it, once, after it ended.

export type ChatStatus = 'queued' | 'active' | 'closed';
export type ChatAction = 'take' | 'send' | 'close' | 'rate';
export type ChatActorRole = 'shopper' | 'agent';

export type ChatProblem =
  'CHAT_ALREADY_TAKEN' | 'CHAT_CLOSED' | 'CHAT_NOT_CLOSED' | 'CHAT_ALREADY_RATED' | 'FORBIDDEN';

export interface ChatFacts {
  status: ChatStatus;
  rated: boolean;
}

/** Why `role` may not do `action` on the chat now, or null when it may. */
export function checkChatAction(
  chat: ChatFacts,
  action: ChatAction,
  role: ChatActorRole,
): ChatProblem | null {
  switch (action) {
    case 'take':
      if (role !== 'agent') return 'FORBIDDEN';
      if (chat.status === 'closed') return 'CHAT_CLOSED';
      return chat.status === 'active' ? 'CHAT_ALREADY_TAKEN' : null;
    case 'send':
      return chat.status === 'closed' ? 'CHAT_CLOSED' : null;
    case 'close':
      return chat.status === 'closed' ? 'CHAT_CLOSED' : null;
    case 'rate':
      if (role !== 'shopper') return 'FORBIDDEN';
      if (chat.status !== 'closed') return 'CHAT_NOT_CLOSED';
      return chat.rated ? 'CHAT_ALREADY_RATED' : null;
  }
}

export function nextStatus(status: ChatStatus, action: ChatAction): ChatStatus {
  if (action === 'take') return 'active';
  if (action === 'close') return 'closed';
  return status;
}

/** The longest chat message, in characters. */
export const CHAT_MESSAGE_MAX = 2000;
