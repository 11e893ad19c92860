import { and, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import type { failedNotice } from '../../../contracts/notices.js';
import type { Deps } from '../../deps.js';
import type { Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { notices } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import { queueDeliveries } from './compose.js';
import { storedSmsContent } from './stored-sms-content.js';

/** The 发送失败 queue: email and SMS notices that used up their retries, newest first. */
export async function failedNotices(db: Executor): Promise<z.infer<typeof failedNotice>[]> {
  const rows = await db
    .select()
    .from(notices)
    .where(eq(notices.status, 'failed'))
    .orderBy(desc(notices.id))
    .limit(200);
  return rows
    .filter(
      (n): n is typeof n & { channel: 'email' | 'sms'; recipient: string } =>
        n.channel !== 'in_app' && n.recipient !== null,
    )
    .map((n) => ({
      id: n.id,
      channel: n.channel,
      recipient: n.recipient,
      subject: n.subject,
      attempts: n.attempts,
      lastError: n.lastError,
      createdAt: n.createdAt.toISOString(),
    }));
}

/**
 * Staff send a failed notice again: back to pending, audited, and a new delivery job (new
 * event id), so the dead one stays as the record of the failure. All in one transaction.
 */
export async function resendNotice(
  deps: Deps,
  input: { noticeId: number; actor: { userId: number; role: string }; requestId: string },
): Promise<void> {
  const { actor } = input;
  await withTx(deps.database.db, async (tx) => {
    const reset = await tx
      .update(notices)
      .set({ status: 'pending', lastError: null })
      .where(and(eq(notices.id, input.noticeId), inArray(notices.status, ['failed'])))
      .returning({
        id: notices.id,
        channel: notices.channel,
        attempts: notices.attempts,
        orderId: notices.orderId,
      });
    const row = reset[0];
    if (!row) throw new DomainError('NOT_FOUND');
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'notice.resend',
      entityType: 'notice',
      entityId: row.id,
      orderId: row.orderId,
      before: { status: 'failed', attempts: row.attempts },
      after: { status: 'pending' },
      requestId: input.requestId,
    });
    const sms = row.channel === 'sms' ? await storedSmsContent(tx, row.id) : undefined;
    await queueDeliveries(tx, deps, [row], `-resend-${row.attempts}`, sms);
  });
}
