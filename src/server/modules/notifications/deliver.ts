import { eq, sql } from 'drizzle-orm';
import { SMS_TEMPLATES, type SmsContent, type SmsKind } from '../../../domain/sms-templates.js';
import type { Deps } from '../../deps.js';
import { notices } from '../../platform/db/schema/index.js';
import { retryWhileDisconnected } from '../../platform/db/connection-errors.js';

/**
 * With the outbox's backoff (1 s doubling, capped at an hour) 16 tries span about seven hours:
 * a mail or SMS service that is down for an afternoon delays notices but loses none. After the
 * last try the notice shows in the staff 发送失败 queue.
 */
export const MAX_DELIVERY_ATTEMPTS = 16;

/** A delivery job's payload; an SMS carries its template variables (fixed at compose time). */
export interface DeliveryPayload {
  noticeId: number;
  sms?: SmsContent;
}

/** A job queued without variables (before they were carried): the template's own, empty. */
function fallbackSms(template: string): SmsContent {
  if (!(template in SMS_TEMPLATES)) throw new Error(`no SMS template for ${template}`);
  const kind = template as SmsKind;
  return { kind, params: SMS_TEMPLATES[kind].vars.map(() => '') };
}

/**
 * Sends one email or SMS notice (an outbox job, retried with backoff). A notice already sent is
 * skipped, so a retry after the record of success never sends twice; only a crash between the
 * server's acceptance and that record can, and then the copy carries the same Message-ID, which
mail systems take as the same message.
 */
export async function deliverNotice(
  deps: Deps,
  job: DeliveryPayload,
  attempt: number,
): Promise<void> {
  const { noticeId } = job;
  const { db } = deps.database;
  const [n] = await db.select().from(notices).where(eq(notices.id, noticeId));
  if (!n || n.status === 'sent' || !n.recipient) return;
  try {
    if (n.channel === 'email') {
      await deps.mailer.send({
        to: n.recipient,
        subject: n.subject,
        text: n.body,
        key: `btp-notice-${n.id}`,
        ...(n.html ? { html: n.html } : {}),
      });
    } else {
      await deps.sms.send({ to: n.recipient, content: job.sms ?? fallbackSms(n.template) });
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
  // The server accepted it: if the database blinks now, keep trying to record that, rather
  // than failing the job and sending a second copy.
  await retryWhileDisconnected(() =>
    db
      .update(notices)
      .set({
        status: 'sent',
        sentAt: deps.clock.now(),
        attempts: sql`${notices.attempts} + 1`,
        lastError: null,
      })
      .where(eq(notices.id, n.id)),
  );
}
