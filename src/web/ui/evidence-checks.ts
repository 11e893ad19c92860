// What the browser checks before an evidence upload starts, mirroring the server's limits (the
// server decides by the file's bytes; this only saves a wasted upload and explains at once).

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 9;
export const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,application/pdf';

const TYPES = new Set(EVIDENCE_ACCEPT.split(','));
const EXTENSIONS = /\.(jpe?g|png|webp|gif|pdf)$/i;

export type EvidenceProblem = 'type' | 'size' | 'count';

/**
 * Why a file cannot be uploaded, or null. `before` is how many files the refund already has
 * or has on the way (uploaded, uploading, and earlier files of the same pick).
 */
export function evidenceProblem(
  file: { name: string; type: string; size: number },
  before: number,
): EvidenceProblem | null {
  // Some systems give no MIME type; the name is the next best guess.
  const typeOk = file.type ? TYPES.has(file.type) : EXTENSIONS.test(file.name);
  if (!typeOk) return 'type';
  if (file.size > EVIDENCE_MAX_BYTES) return 'size';
  if (before >= EVIDENCE_MAX_FILES) return 'count';
  return null;
}

export function isImage(mime: string): boolean {
  return mime.startsWith('image/');
}

/** 2.4 MB / 380 KB / 12 B. */
export function fileSizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
