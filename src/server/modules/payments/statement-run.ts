import { and, desc, eq, sql } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import { matchStatement, type StatementTotals } from '../../../domain/statement-matching.js';
import type {
  StatementMismatchView,
  StatementRunDetail,
  StatementRunSummary,
} from '../../../contracts/statements.js';
import type { Deps } from '../../deps.js';
import { audit } from '../../platform/audit.js';
import type { Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { statementRuns } from '../../platform/db/schema/index.js';
import type { ProviderName } from '../../platform/payment-channels/channel-provider.js';
import { loadOurRecords, shanghaiDayBounds } from './statement-records.js';

type RunRow = typeof statementRuns.$inferSelect;

/** The run failed to download; the row says so and the job tries again later. */
export class StatementDownloadError extends Error {
  override readonly name = 'StatementDownloadError';
}

function summary(row: RunRow): StatementRunSummary {
  return {
    provider: row.provider as ProviderName,
    day: row.day,
    status: row.status,
    failures: row.failures,
    lastError: row.lastError,
    totals: (row.totals as StatementTotals | null) ?? null,
    mismatchCount: row.mismatchCount,
    matchedAt: row.matchedAt?.toISOString() ?? null,
    triedAt: row.triedAt.toISOString(),
  };
}

function detail(row: RunRow): StatementRunDetail {
  return { ...summary(row), mismatches: row.mismatches as StatementMismatchView[] };
}

/**
 * Reconciles one channel's statement of one Shanghai day: download, load our side, match, and
 * store the result in one statement that replaces the day's previous result (a re-run of a
 * day gives the same row and touches nothing else). A download that fails is recorded on the
 * row — the last good result stays — and thrown as StatementDownloadError so the job retries.
 */
export async function reconcileStatement(
  deps: Deps,
  provider: ProviderName,
  day: string,
  /** An operator's 重新对账 (audited with the request); the job runs without one. */
  requestedBy?: { id: number; role: string; requestId: string },
): Promise<StatementRunDetail> {
  const channel = deps.channels.get(provider);
  if (!channel) throw new DomainError('NOT_FOUND');
  const now = deps.clock.now();
  const bounds = shanghaiDayBounds(day);
  // 2026-02-31 parses as 3 March: only a day that reads back the same is a calendar day.
  const calendarDay = new Date(bounds.from.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (calendarDay !== day) throw new DomainError('VALIDATION_FAILED');
  if (bounds.to > now) throw new DomainError('STATEMENT_DAY_NOT_CLOSED');
  const { db } = deps.database;

  let lines;
  try {
    lines = await channel.downloadStatement(day);
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    await recordFailure(db, provider, day, message.slice(0, 500), now);
    deps.log.warn({ err, provider, day }, 'statement download failed; the job retries');
    throw new StatementDownloadError(message, { cause: err });
  }

  const ours = await loadOurRecords(db, provider, day, lines);
  const result = matchStatement(lines, ours);
  const values = {
    provider,
    day,
    status: 'matched' as const,
    failures: 0,
    lastError: null,
    totals: result.totals,
    mismatches: result.mismatches,
    mismatchCount: result.mismatches.length,
    matchedAt: now,
    triedAt: now,
  };
  const row = await withTx(db, async (tx) => {
    const [stored] = await tx
      .insert(statementRuns)
      .values(values)
      .onConflictDoUpdate({ target: [statementRuns.provider, statementRuns.day], set: values })
      .returning();
    if (requestedBy) {
      await audit(tx, {
        actorId: requestedBy.id,
        actorRole: requestedBy.role,
        action: 'statement.rerun',
        entityType: 'statement',
        entityId: `${provider}/${day}`,
        after: { mismatchCount: values.mismatchCount },
        requestId: requestedBy.requestId,
      });
    }
    return stored!;
  });
  if (result.mismatches.length > 0) {
    deps.log.warn(
      { provider, day, mismatches: result.mismatches.length },
      'statement reconciliation found mismatches',
    );
  }
  return detail(row);
}

async function recordFailure(
  db: Executor,
  provider: ProviderName,
  day: string,
  error: string,
  now: Date,
): Promise<void> {
  await db
    .insert(statementRuns)
    .values({ provider, day, status: 'failed', failures: 1, lastError: error, triedAt: now })
    .onConflictDoUpdate({
      target: [statementRuns.provider, statementRuns.day],
      set: {
        status: 'failed',
        failures: sql`${statementRuns.failures} + 1`,
        lastError: error,
        triedAt: now,
      },
    });
}

/** The latest runs, newest day first (all channels). */
export async function listStatementRuns(db: Executor, limit = 90): Promise<StatementRunSummary[]> {
  const rows = await db
    .select()
    .from(statementRuns)
    .orderBy(desc(statementRuns.day), statementRuns.provider)
    .limit(limit);
  return rows.map(summary);
}

/** One channel's day with its mismatches; NOT_FOUND when it was never run. */
export async function statementRun(
  db: Executor,
  provider: ProviderName,
  day: string,
): Promise<StatementRunDetail> {
  const [row] = await db
    .select()
    .from(statementRuns)
    .where(and(eq(statementRuns.provider, provider), eq(statementRuns.day, day)));
  if (!row) throw new DomainError('NOT_FOUND');
  return detail(row);
}
