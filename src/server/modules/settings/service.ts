import { eq, sql } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import {
  DEFAULT_CANCELLATION_SETTINGS,
  type CancellationSettings,
} from '../../../domain/cancellation-settings.js';
import { cancellationSettingsView } from '../../../contracts/cancellation.js';
import type { Executor } from '../../platform/db/client.js';
import { settings } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';

const CANCELLATION_KEY = 'cancellation';

/**
 * Read on every cancel, changed rarely: kept for a few seconds per process. An edit here clears
 * it at once; other processes see an edit within CACHE_MS.
 */
const CACHE_MS = 5_000;
let cached: { value: CancellationSettings; at: number } | null = null;

/** The operator's cancellation settings: defaults in code, overrides in the settings table. */
export async function cancellationSettings(db: Executor): Promise<CancellationSettings> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const value = await loadCancellationSettings(db);
  cached = { value, at: Date.now() };
  return value;
}

async function loadCancellationSettings(db: Executor): Promise<CancellationSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, CANCELLATION_KEY));
  if (!row) return DEFAULT_CANCELLATION_SETTINGS;
  const merged = {
    ...DEFAULT_CANCELLATION_SETTINGS,
    ...(row.value as Partial<CancellationSettings>),
  };
  // A stored value that no longer fits the schema falls back to the defaults, never crashes.
  return cancellationSettingsView.safeParse(merged).success
    ? merged
    : DEFAULT_CANCELLATION_SETTINGS;
}

export async function updateCancellationSettings(
  tx: Executor,
  patch: Partial<CancellationSettings>,
  actor: { id: number; role: string },
  now: Date,
  requestId?: string,
): Promise<CancellationSettings> {
  // Serialise concurrent edits of the same key.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${CANCELLATION_KEY}))`);
  const before = await loadCancellationSettings(tx);
  const after = { ...before, ...patch };
  if (after.standingReviewAt < after.standingWarnAt)
    throw new DomainError('VALIDATION_FAILED', { field: 'standingReviewAt' });
  const codes = new Set(after.reasons.map((r) => r.code));
  if (codes.size !== after.reasons.length)
    throw new DomainError('VALIDATION_FAILED', { field: 'reasons' });
  await tx
    .insert(settings)
    .values({ key: CANCELLATION_KEY, value: after, updatedAt: now, updatedBy: actor.id })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: after, updatedAt: now, updatedBy: actor.id },
    });
  cached = null;
  await audit(tx, {
    actorId: actor.id,
    actorRole: actor.role,
    action: 'settings.update',
    entityType: 'settings',
    entityId: CANCELLATION_KEY,
    before,
    after,
    requestId,
  });
  return after;
}
