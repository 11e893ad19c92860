// Refund evidence: the list (shopper and staff), uploads with progress (XMLHttpRequest, because
// fetch cannot report upload progress), and staff asking the shopper for evidence.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RefundDetail } from '../../contracts/index.js';
import i18n, { currentLang } from '../i18n/index.js';
import { api, ApiError, BASE, csrfToken, toError } from './client.js';
import { qk } from './keys.js';

export interface EvidenceFile {
  id: number;
  fileName: string;
  mime: string;
  sizeBytes: number;
  createdAt: string;
  url: string;
}

const evidenceKey = (refundId: number) => [...qk.refund(refundId), 'evidence'] as const;

export function useEvidence(refundId: number, enabled = true) {
  return useQuery({
    queryKey: evidenceKey(refundId),
    queryFn: ({ signal }) =>
      api<{ items: EvidenceFile[] }>(`/refunds/${refundId}/evidence`, { signal }),
    enabled: enabled && refundId > 0,
  });
}

function post(
  path: string,
  file: File,
  csrf: string,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLang());
    xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', i18n.t('common.networkError')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Uploads one file as the shopper's evidence; the same CSRF handling as every other request. */
export async function uploadEvidence(
  refundId: number,
  file: File,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<EvidenceFile> {
  const path = `/refunds/${refundId}/evidence`;
  let res = await post(path, file, await csrfToken(), onProgress, signal);
  if (res.status === 403) {
    const err = await toError(new Response(res.body, { status: 403 }));
    // The CSRF cookie may have been replaced (new session): refresh it and retry once.
    if (err.code === 'CSRF_FAILED') res = await post(path, file, await csrfToken(true), onProgress);
  }
  if (res.status < 200 || res.status >= 300)
    throw await toError(new Response(res.body, { status: res.status }));
  onProgress(100);
  return JSON.parse(res.body) as EvidenceFile;
}

/** After an upload: the list again, and the refund (its history names the file). */
export function useEvidenceUploaded(refundId: number) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: qk.refund(refundId) });
}

/** Staff (operator, or the shop's merchant) ask the shopper for evidence, saying what. */
export function useRequestEvidence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ refund, note }: { refund: RefundDetail; note: string }) =>
      api<undefined>(`/refunds/${refund.id}/evidence-request`, { method: 'POST', body: { note } }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.staffRefundsRoot }),
  });
}
