import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client.js';
import { outgoingMessages } from '../../src/server/platform/db/schema/index.js';

/** The six-digit code in the newest email or SMS sent to recipient, as a person would read it. */
export async function latestCode(db: Db, recipient: string): Promise<string> {
  const [m] = await db
    .select()
    .from(outgoingMessages)
    .where(eq(outgoingMessages.recipient, recipient))
    .orderBy(desc(outgoingMessages.id))
    .limit(1);
  const code = /(\d{6})/.exec(m?.body ?? '')?.[1];
  if (!code) throw new Error(`no code sent to ${recipient}`);
  return code;
}
