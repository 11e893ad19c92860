import { describe, expect, it } from 'vitest';
import { checkChatAction, nextStatus } from './chat-states.js';

describe('chat lifecycle', () => {
  it('lets one agent take a queued chat, and nobody take it twice', () => {
    expect(checkChatAction({ status: 'queued', rated: false }, 'take', 'agent')).toBeNull();
    expect(checkChatAction({ status: 'active', rated: false }, 'take', 'agent')).toBe(
      'CHAT_ALREADY_TAKEN',
    );
    expect(checkChatAction({ status: 'queued', rated: false }, 'take', 'shopper')).toBe(
      'FORBIDDEN',
    );
    expect(nextStatus('queued', 'take')).toBe('active');
  });

  it('accepts messages until the chat ends', () => {
    expect(checkChatAction({ status: 'queued', rated: false }, 'send', 'shopper')).toBeNull();
    expect(checkChatAction({ status: 'closed', rated: false }, 'send', 'agent')).toBe(
      'CHAT_CLOSED',
    );
    expect(nextStatus('active', 'close')).toBe('closed');
  });

  it('lets only the shopper rate, once, after the end', () => {
    expect(checkChatAction({ status: 'active', rated: false }, 'rate', 'shopper')).toBe(
      'CHAT_NOT_CLOSED',
    );
    expect(checkChatAction({ status: 'closed', rated: false }, 'rate', 'shopper')).toBeNull();
    expect(checkChatAction({ status: 'closed', rated: true }, 'rate', 'shopper')).toBe(
      'CHAT_ALREADY_RATED',
    );
    expect(checkChatAction({ status: 'closed', rated: false }, 'rate', 'agent')).toBe('FORBIDDEN');
  });
});
