import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { notices } from '../../platform/db/schema/index.js';

export const MAX_DELIVERY_ATTEMPTS = 8;

/**
 * Sends one email or SMS notice (an outbox job, retried with backoff). A notice already sent is
 * skipped, so a retry after the record of success never sends twice; only a crash between the
 * server's acceptance and that record can, and then the shopper gets one duplicate.
 */
export async function deliverNotice(deps: Deps, noticeId: number, attempt: number): Promise<void> {
  const { db } = deps.database;
  const [n] = await db.select().from(notices).where(eq(notices.id, noticeId));
  if (!n || n.status === 'sent' || !n.recipient) return;
  try {
    if (n.channel === 'email') {
      await deps.mailer.send({
        to: n.recipient,
        subject: n.subject,
        text: n.body,
        ...(n.html ? { html: n.html } : {}),
      });
    } else {
      await deps.sms.send(n.recipient, `${n.subject} ${n.body}`);
    }
  } catch (err) {
    const last = attempt >= MAX_DELIVERY_ATTEMPTS;
    await db
      .update(notices)
      .set({
        attempts: sql`${notices.attempts} + 1`,
        lastError: err instanceof Error ? err.message.slice(0, 500) : String(err),
        // After the last try it shows in the staff 发送失败 queue.
        ...(last ? { status: 'failed' as const } : {}),
      })
      .where(eq(notices.id, n.id));
    throw err;
  }
  await db
    .update(notices)
    .set({
      status: 'sent',
      sentAt: deps.clock.now(),
      attempts: sql`${notices.attempts} + 1`,
      lastError: null,
    })
    .where(eq(notices.id, n.id));
}
