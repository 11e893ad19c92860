// 留言 (message board): each message must be answered within the operator's reply deadline;
// unanswered ones past it are late and stand out in the staff queue.

export const DEFAULT_BOARD_REPLY_HOURS = 24;

export function replyDueAt(createdAt: Date, replyHours: number): Date {
  return new Date(createdAt.getTime() + replyHours * 3_600_000);
}

/** Late: not answered by its deadline (answered late also counts, for the record). */
export function isLate(dueAt: Date, answeredAt: Date | null, now: Date): boolean {
  return (answeredAt ?? now).getTime() > dueAt.getTime();
}
