import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { audit } from '../../platform/audit.js';
import { withTx } from '../../platform/db/tx.js';
import { refundEvidence, refunds } from '../../platform/db/schema/index.js';
import type { Actor } from '../../platform/http/session.js';
import { addTimeline } from '../orders/timeline.js';
import type { RefundRow } from './create.js';
import { lockRefund } from './transition.js';

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 9;
const ALLOWED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);

export type EvidenceRow = typeof refundEvidence.$inferSelect;

/** The shopper who is owed the money, and staff responsible for it, may see a refund's evidence. */
function maySee(actor: Actor, r: RefundRow): boolean {
  if (actor.role === 'shopper') return r.shopperId === actor.userId;
  if (actor.role === 'merchant') return r.shopId === actor.shopId;
  return actor.role === 'operator' || actor.role === 'agent';
}

/** The refund if this actor may see its evidence; else "not found", so it does not leak. */
export async function visibleRefund(
  deps: Deps,
  actor: Actor,
  refundId: number,
): Promise<RefundRow> {
  const [r] = await deps.database.db.select().from(refunds).where(eq(refunds.id, refundId));
  if (!r || !maySee(actor, r)) throw new DomainError('REFUND_NOT_FOUND');
  return r;
}

/** Outside the web root: DATA_DIR/evidence/<refund>/<random key>. */
export function evidencePath(
  deps: Deps,
  row: Pick<EvidenceRow, 'refundId' | 'storageKey'>,
): string {
  return path.join(deps.config.dataDir, 'evidence', String(row.refundId), row.storageKey);
}

/** Keeps a readable name for the download header; drops paths and control characters. */
export function cleanName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').slice(-120);
  return cleaned || 'file';
}

/**
 * Who may add a file: the shopper to their own refund, and an operator the receipt of a
 * 线下退款 (any refund they recorded outside the provider).
 */
function mayUpload(uploader: { id: number; role: string }, refund: RefundRow): boolean {
  if (uploader.role === 'shopper') return refund.shopperId === uploader.id;
  return uploader.role === 'operator' && refund.source === 'offline';
}

/**
 * Stores one evidence file for a refund: its type decided by content, size and count limited
 * (the count checked under the refund's lock, so parallel uploads cannot pass nine).
 */
export async function addEvidence(
  deps: Deps,
  input: {
    refundId: number;
    uploader: { id: number; role: string };
    fileName: string;
    data: Buffer;
  },
): Promise<EvidenceRow> {
  if (input.data.length > EVIDENCE_MAX_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE');
  const type = await fileTypeFromBuffer(input.data);
  if (!type || !ALLOWED.has(type.mime)) throw new DomainError('EVIDENCE_TYPE_NOT_ALLOWED');
  const storageKey = `${randomUUID()}.${type.ext}`;
  const target = evidencePath(deps, { refundId: input.refundId, storageKey });
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, input.data, { mode: 0o600 });
  const now = deps.clock.now();
  try {
    return await withTx(deps.database.db, async (tx) => {
      const refund = await lockRefund(tx, input.refundId);
      if (!refund || !mayUpload(input.uploader, refund)) throw new DomainError('REFUND_NOT_FOUND');
      const [existing] = await tx
        .select({ n: count() })
        .from(refundEvidence)
        .where(eq(refundEvidence.refundId, refund.id));
      if (Number(existing?.n ?? 0) >= EVIDENCE_MAX_FILES)
        throw new DomainError('EVIDENCE_TOO_MANY');
      const [row] = await tx
        .insert(refundEvidence)
        .values({
          refundId: refund.id,
          uploadedBy: input.uploader.id,
          fileName: cleanName(input.fileName),
          mime: type.mime,
          sizeBytes: input.data.length,
          sha256: createHash('sha256').update(input.data).digest('hex'),
          storageKey,
          createdAt: now,
        })
        .returning();
      if (!row) throw new Error('evidence insert returned nothing');
      await addTimeline(tx, refund.orderId, 'refund.evidence_added', input.uploader, now, {
        refundId: refund.id,
        fileName: row.fileName,
      });
      await audit(tx, {
        actorId: input.uploader.id,
        actorRole: input.uploader.role,
        action: 'refund.evidence_add',
        entityType: 'refund',
        entityId: refund.id,
        orderId: refund.orderId,
        after: { evidenceId: row.id, fileName: row.fileName, sha256: row.sha256 },
      });
      return row;
    });
  } catch (err) {
    // Nothing recorded: the stored bytes go too.
    await fs.rm(target, { force: true });
    throw err;
  }
}

export async function evidenceOf(deps: Deps, refundId: number): Promise<EvidenceRow[]> {
  return deps.database.db
    .select()
    .from(refundEvidence)
    .where(eq(refundEvidence.refundId, refundId))
    .orderBy(refundEvidence.id);
}

export async function findEvidence(
  deps: Deps,
  refundId: number,
  evidenceId: number,
): Promise<EvidenceRow> {
  const [row] = await deps.database.db
    .select()
    .from(refundEvidence)
    .where(and(eq(refundEvidence.id, evidenceId), eq(refundEvidence.refundId, refundId)));
  if (!row) throw new DomainError('EVIDENCE_NOT_FOUND');
  return row;
}

/**
 * 补充凭证: staff ask the shopper for evidence of a refund still under review. Under the
 * refund's lock: the mark on the refund, timeline, audit and the event (the shopper's notice).
 */
export async function requestEvidence(
  deps: Deps,
  input: {
    refundId: number;
    actor: Pick<Actor, 'userId' | 'role'>;
    note: string;
    requestId: string;
  },
): Promise<void> {
  const { actor, note } = input;
  const now = deps.clock.now();
  await withTx(deps.database.db, async (tx) => {
    const refund = await lockRefund(tx, input.refundId);
    if (!refund) throw new DomainError('REFUND_NOT_FOUND');
    if (refund.status !== 'pending_review')
      throw new DomainError('REFUND_NOT_REVIEWABLE', { status: refund.status });
    await tx
      .update(refunds)
      .set({ evidenceRequestedAt: now, evidenceRequestNote: note, updatedAt: now })
      .where(eq(refunds.id, refund.id));
    const who = { id: actor.userId, role: actor.role };
    await addTimeline(tx, refund.orderId, 'refund.evidence_requested', who, now, {
      refundId: refund.id,
      note,
    });
    await audit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'refund.request_evidence',
      entityType: 'refund',
      entityId: refund.id,
      orderId: refund.orderId,
      after: { note },
      requestId: input.requestId,
    });
    await deps.outbox.emit(tx, 'refund.evidence_requested', {
      refundId: refund.id,
      orderId: refund.orderId,
    });
  });
}
