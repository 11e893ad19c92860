import { describe, expect, it } from 'vitest';
import { isLate, replyDueAt } from './support-board.js';

describe('message board reply deadline', () => {
  const created = new Date('2026-11-26T02:00:00Z');
  it('is the operator hours after the message', () => {
    expect(replyDueAt(created, 24).toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect(replyDueAt(created, 2).toISOString()).toBe('2026-11-26T04:00:00.000Z');
  });
  it('marks unanswered messages late once the deadline passed, and late answers too', () => {
    const due = replyDueAt(created, 24);
    expect(isLate(due, null, new Date('2026-11-27T01:59:00Z'))).toBe(false);
    expect(isLate(due, null, new Date('2026-11-27T02:01:00Z'))).toBe(true);
    expect(isLate(due, new Date('2026-11-26T10:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBe(
      false,
    );
    expect(isLate(due, new Date('2026-11-28T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBe(
      true,
    );
  });
});
