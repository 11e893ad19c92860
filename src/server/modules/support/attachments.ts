import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { supportChatAttachments } from '../../platform/db/schema/index.js';
import { cleanName, EVIDENCE_MAX_BYTES } from '../refunds/evidence.js';

/** Chat pictures: the same limits as refund evidence, images only (no PDF in a chat). */
export const CHAT_ATTACHMENT_MAX_BYTES = EVIDENCE_MAX_BYTES;
const IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

export type AttachmentRow = typeof supportChatAttachments.$inferSelect;

/** Outside the web root: DATA_DIR/support/<chat>/<random key>. */
export function attachmentPath(
  deps: Deps,
  row: Pick<AttachmentRow, 'chatId' | 'storageKey'>,
): string {
  return path.join(deps.config.dataDir, 'support', String(row.chatId), row.storageKey);
}

/** Stores a picture for a chat, its type decided by its content; bound to a message on send. */
export async function addChatAttachment(
  deps: Deps,
  input: { chatId: number; uploadedBy: number; fileName: string; data: Buffer },
): Promise<AttachmentRow> {
  if (input.data.length > CHAT_ATTACHMENT_MAX_BYTES) throw new DomainError('EVIDENCE_TOO_LARGE');
  const type = await fileTypeFromBuffer(input.data);
  if (!type || !IMAGES.has(type.mime)) throw new DomainError('ATTACHMENT_TYPE_NOT_ALLOWED');
  const storageKey = `${randomUUID()}.${type.ext}`;
  const target = attachmentPath(deps, { chatId: input.chatId, storageKey });
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, input.data, { mode: 0o600 });
  try {
    const [row] = await deps.database.db
      .insert(supportChatAttachments)
      .values({
        chatId: input.chatId,
        uploadedBy: input.uploadedBy,
        fileName: cleanName(input.fileName),
        mime: type.mime,
        sizeBytes: input.data.length,
        sha256: createHash('sha256').update(input.data).digest('hex'),
        storageKey,
        createdAt: deps.clock.now(),
      })
      .returning();
    if (!row) throw new Error('attachment insert returned nothing');
    return row;
  } catch (err) {
    await fs.rm(target, { force: true });
    throw err;
  }
}

export async function findAttachment(
  deps: Deps,
  chatId: number,
  id: number,
): Promise<AttachmentRow> {
  const [row] = await deps.database.db
    .select()
    .from(supportChatAttachments)
    .where(and(eq(supportChatAttachments.id, id), eq(supportChatAttachments.chatId, chatId)));
  if (!row) throw new DomainError('ATTACHMENT_NOT_FOUND');
  return row;
}
