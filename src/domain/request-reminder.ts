// A request the shop's staff must decide by an SLA deadline (申请取消, 修改地址) is accepted
// when they stay silent, so they are reminded once before that happens. Both kinds share the
// lead time, so a shop hears of its open requests the same way.

/** How long before a request's SLA deadline the shop's staff are reminded of it. */
export const REQUEST_REMINDER_LEAD_MS = 2 * 3_600_000;

/**
 * When the reminder is due, or null when the whole SLA is that short (the new-request notice
 * already says the deadline). The job itself does nothing once the request is decided.
 */
export function requestReminderAt(now: Date, slaDeadline: Date): Date | null {
  const at = new Date(slaDeadline.getTime() - REQUEST_REMINDER_LEAD_MS);
  return at.getTime() <= now.getTime() ? null : at;
}
