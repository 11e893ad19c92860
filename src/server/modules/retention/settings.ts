import { eq, sql } from 'drizzle-orm';
import {
  retentionSettings as settingsSchema,
  type RetentionSettings,
} from '../../../contracts/retention.js';
import type { Executor } from '../../platform/db/client.js';
import { settings } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';

export const RETENTION_KEY = 'retention';

export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = {
  outboxDoneDays: 7,
  expiredSessionDays: 1,
  // Clients retry within minutes; a day and a half covers a retry the next morning.
  idempotencyKeyHours: 36,
  // Providers redeliver for a few days at most; a month leaves room for a manual replay.
  webhookReceiptDays: 30,
  sentMessageDays: 30,
  batchSize: 1_000,
};

/** The operator's retention settings: defaults in code, overrides in the settings table. */
export async function retentionSettings(db: Executor): Promise<RetentionSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, RETENTION_KEY));
  if (!row) return DEFAULT_RETENTION_SETTINGS;
  const merged = { ...DEFAULT_RETENTION_SETTINGS, ...(row.value as Partial<RetentionSettings>) };
  // A stored value that no longer fits falls back to the defaults, never stops the job.
  return settingsSchema.safeParse(merged).success ? merged : DEFAULT_RETENTION_SETTINGS;
}

/** Applies an operator's edit with an audit row naming them, in the caller's transaction. */
export async function updateRetentionSettings(
  tx: Executor,
  patch: Partial<RetentionSettings>,
  actor: { id: number; role: string },
  now: Date,
  requestId?: string,
): Promise<RetentionSettings> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${RETENTION_KEY}))`);
  const before = await retentionSettings(tx);
  const after = { ...before, ...patch };
  await tx
    .insert(settings)
    .values({ key: RETENTION_KEY, value: after, updatedAt: now, updatedBy: actor.id })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: after, updatedAt: now, updatedBy: actor.id },
    });
  await audit(tx, {
    actorId: actor.id,
    actorRole: actor.role,
    action: 'settings.update',
    entityType: 'settings',
    entityId: RETENTION_KEY,
    before,
    after,
    requestId,
  });
  return after;
}
