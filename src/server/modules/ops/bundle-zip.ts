import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import type { Deps } from '../../deps.js';
import type { OrderScope } from '../orders/lock.js';
import { evidencePath } from '../refunds/evidence.js';
import { loadBundleData, safeEntryName } from './bundle-data.js';
import { renderSummary } from './bundle-html.js';
import { loadSupportHistory } from '../support/order-history.js';
import type { SupportHistoryLoader } from './support-history.js';

export interface DisputeBundle {
  fileName: string;
  stream: NodeJS.ReadableStream;
}

/** A stored file, if it is still there and inside the data folder. */
function storedFile(dataDir: string, file: string): string | null {
  const root = path.resolve(dataDir);
  const full = path.resolve(root, file);
  if (!full.startsWith(root + path.sep)) return null;
  return fs.existsSync(full) ? full : null;
}

/**
 * 争议材料包 (seed 四.4): one ZIP with summary.html (readable), order.json (raw), the refund
 * evidence files and the chat attachments. Entries are streamed from disk; nothing is buffered
 * whole except the two generated documents.
 */
export async function buildDisputeBundle(
  deps: Deps,
  orderNo: string,
  scope: OrderScope,
  loadSupport: SupportHistoryLoader = loadSupportHistory,
): Promise<DisputeBundle> {
  const data = await loadBundleData(
    deps.database.db,
    orderNo,
    scope,
    loadSupport,
    deps.clock.now(),
  );
  const zip = new yazl.ZipFile();
  const mtime = new Date(data.exportedAt);
  const missing: string[] = [];
  for (const e of data.evidence) {
    const file = storedFile(deps.config.dataDir, evidencePath(deps, e));
    if (file) zip.addFile(file, e.zipPath, { mtime });
    else missing.push(e.zipPath);
  }
  const attachments: { chatId: number; messageId: number; id: number; zipPath: string }[] = [];
  for (const chat of data.support.chats) {
    for (const m of chat.messages) {
      for (const a of m.attachments) {
        const zipPath = `chat/${chat.id}/${a.id}-${safeEntryName(a.fileName)}`;
        const file = storedFile(deps.config.dataDir, a.storagePath);
        if (file) zip.addFile(file, zipPath, { mtime });
        else missing.push(zipPath);
        attachments.push({ chatId: chat.id, messageId: m.id, id: a.id, zipPath });
      }
    }
  }
  const raw = { ...data, chatAttachments: attachments, missingFiles: missing };
  zip.addBuffer(Buffer.from(renderSummary(data), 'utf8'), 'summary.html', { mtime });
  zip.addBuffer(Buffer.from(JSON.stringify(raw, null, 2), 'utf8'), 'order.json', { mtime });
  zip.end();
  return { fileName: `dispute-${data.order.orderNo}.zip`, stream: zip.outputStream };
}
