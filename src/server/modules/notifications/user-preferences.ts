import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { noticePreferencesView, updateNoticePreferences } from '../../../contracts/notices.js';
import type { Executor } from '../../platform/db/client.js';
import { noticePreferences } from '../../platform/db/schema/index.js';

type UserNoticePreferences = z.infer<typeof noticePreferencesView>;

/** A user's channels for order notices: both on until they say otherwise. */
export async function userNoticePreferencesOf(
  db: Executor,
  userId: number,
): Promise<UserNoticePreferences> {
  const [row] = await db
    .select()
    .from(noticePreferences)
    .where(eq(noticePreferences.userId, userId));
  return { email: row?.email ?? true, sms: row?.sms ?? true };
}

/** Changes some of a user's channels; the ones left out keep their value (or the default). */
export async function updateUserNoticePreferences(
  db: Executor,
  userId: number,
  change: z.infer<typeof updateNoticePreferences>,
  now: Date,
): Promise<UserNoticePreferences> {
  const [row] = await db
    .insert(noticePreferences)
    .values({
      userId,
      email: change.email ?? true,
      sms: change.sms ?? true,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: noticePreferences.userId,
      set: { ...change, updatedAt: now },
    })
    .returning();
  return { email: row?.email ?? true, sms: row?.sms ?? true };
}
