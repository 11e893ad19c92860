import { and, desc, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { outgoingMessagePage, outgoingMessageQuery } from '../../../contracts/staff.js';
import type { Executor } from '../../platform/db/client.js';
import { outgoingMessages } from '../../platform/db/schema/index.js';

/** One page of the emails and SMS sent, newest first, keyed by id; of one recipient if asked. */
export async function listOutgoingMessages(
  db: Executor,
  query: z.infer<typeof outgoingMessageQuery>,
): Promise<z.infer<typeof outgoingMessagePage>> {
  const rows = await db
    .select()
    .from(outgoingMessages)
    .where(
      and(
        query.recipient ? eq(outgoingMessages.recipient, query.recipient.toLowerCase()) : undefined,
        query.cursor ? lt(outgoingMessages.id, Number(query.cursor)) : undefined,
      ),
    )
    .orderBy(desc(outgoingMessages.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    nextCursor: rows.length > query.limit && last ? String(last.id) : null,
  };
}
