import { sql } from 'drizzle-orm';
import type { SmsContent } from '../../../domain/sms-templates.js';
import type { Executor } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/query.js';

/**
 * The SMS variables a notice was first queued with, read back from its delivery job (the one
 * place they are kept), so a staff resend sends the same text. The only query of this module
 * against the outbox table.
 */
export async function storedSmsContent(
  db: Executor,
  noticeId: number,
): Promise<SmsContent | undefined> {
  const [row] = await queryRows<{ sms: SmsContent | null }>(
    db,
    sql`SELECT payload->'sms' AS sms FROM outbox
      WHERE event_id = ${`notice-${noticeId}`} AND payload ? 'sms' LIMIT 1`,
  );
  return row?.sms ?? undefined;
}
