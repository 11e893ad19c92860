import { createHash, randomInt } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Executor } from '../../platform/db/client.js';
import { verificationCodes } from '../../platform/db/schema/index.js';

export type CodePurpose = 'register' | 'reset_password';
export type CodeChannel = 'email' | 'sms';

export const CODE_TTL_SECONDS = 600;
export const CODE_COOLDOWN_SECONDS = 60;
const MAX_ATTEMPTS = 5;

function hashCode(target: string, code: string): string {
  return createHash('sha256').update(`${target}:${code}`).digest('hex');
}

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Stores a fresh code for target; refuses while the previous one is still cooling down. */
export async function issueCode(
  tx: Executor,
  input: { purpose: CodePurpose; channel: CodeChannel; target: string; code: string; now: Date },
): Promise<void> {
  const since = new Date(input.now.getTime() - CODE_COOLDOWN_SECONDS * 1000);
  const [recent] = await tx
    .select({ id: verificationCodes.id })
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.target, input.target),
        eq(verificationCodes.purpose, input.purpose),
        gt(verificationCodes.createdAt, since),
      ),
    )
    .limit(1);
  if (recent) throw new DomainError('RATE_LIMITED', { retryAfterSeconds: CODE_COOLDOWN_SECONDS });
  await tx.insert(verificationCodes).values({
    purpose: input.purpose,
    channel: input.channel,
    target: input.target,
    codeHash: hashCode(input.target, input.code),
    expiresAt: new Date(input.now.getTime() + CODE_TTL_SECONDS * 1000),
    createdAt: input.now,
  });
}

/**
 * Checks the newest live code for target; returns its id when right. A wrong guess counts
 * against the code, and after five the code is dead, so six digits cannot be brute-forced.
 */
export async function checkCode(
  tx: Executor,
  input: { purpose: CodePurpose; target: string; code: string; now: Date },
): Promise<number | null> {
  const [row] = await tx
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.target, input.target),
        eq(verificationCodes.purpose, input.purpose),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, input.now),
      ),
    )
    .orderBy(desc(verificationCodes.id))
    .limit(1)
    .for('update');
  if (!row || row.attempts >= MAX_ATTEMPTS) return null;
  if (row.codeHash !== hashCode(input.target, input.code)) {
    await tx
      .update(verificationCodes)
      .set({ attempts: sql`${verificationCodes.attempts} + 1` })
      .where(eq(verificationCodes.id, row.id));
    return null;
  }
  return row.id;
}

/** Marks checked codes used, so none can be used twice. */
export async function consumeCodes(tx: Executor, ids: number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(verificationCodes)
    .set({ consumedAt: now })
    .where(inArray(verificationCodes.id, ids));
}
