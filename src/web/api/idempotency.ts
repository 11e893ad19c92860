// One Idempotency-Key per user action: the same action retried (same body) reuses its key, so
// a double click or a retry after a network error never places or pays twice.
import { useMemo, useRef } from 'react';

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain-HTTP LAN testing falls back to a v4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface IdempotencyKeys {
  /** The key for this request body: the previous one if the body is unchanged. */
  keyFor(body: unknown): string;
  /** Forget the key once the action has succeeded. */
  reset(): void;
}

export function useIdempotencyKey(): IdempotencyKeys {
  const current = useRef<{ key: string; fingerprint: string } | null>(null);
  return useMemo(
    () => ({
      keyFor(body: unknown) {
        const fingerprint = JSON.stringify(body) ?? '';
        if (current.current?.fingerprint !== fingerprint) {
          current.current = { key: newIdempotencyKey(), fingerprint };
        }
        return current.current.key;
      },
      reset() {
        current.current = null;
      },
    }),
    [],
  );
}
