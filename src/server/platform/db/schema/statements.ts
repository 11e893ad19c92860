import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Daily statement reconciliation (对账): one row per channel and Shanghai day, replaced by each
 * run of that day, so a re-run leaves the same result. A run that could not download the
 * statement keeps the last result it had and says so (`status`, `failures`, `last_error`).
 */
export const statementRuns = pgTable(
  'statement_runs',
  {
    provider: text('provider').notNull(),
    /** The statement's Shanghai calendar day, YYYY-MM-DD. */
    day: text('day').notNull(),
    status: text('status', { enum: ['matched', 'failed'] }).notNull(),
    /** Downloads that failed since the last one that worked. */
    failures: integer('failures').notNull().default(0),
    lastError: text('last_error'),
    /** `StatementTotals` of the last matched run (null until one worked). */
    totals: jsonb('totals'),
    /** `Mismatch[]` of the last matched run, in the matcher's stable order. */
    mismatches: jsonb('mismatches').notNull().default([]),
    mismatchCount: integer('mismatch_count').notNull().default(0),
    /** When the statement was last matched, and when a run last tried. */
    matchedAt: timestamp('matched_at', { withTimezone: true }),
    triedAt: timestamp('tried_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.day] })],
);
