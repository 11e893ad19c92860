// Whether the page is showing offline copies: the browser says it has no network, or the last
// API answer came from the service worker's cache (OFFLINE_COPY_HEADER) because the network
// failed. Pages hide actions that would fail while this is true.
import { useSyncExternalStore } from 'react';
import { API_CACHE, OFFLINE_COPY_HEADER } from '../sw/protocol.js';

let showingCopy = false;
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

/** Called with every API answer: a cached copy turns offline mode on, a fresh one off. */
export function noteApiResponse(res: Response): void {
  const copy = res.headers.has(OFFLINE_COPY_HEADER);
  if (copy === showingCopy) return;
  showingCopy = copy;
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

function isOffline(): boolean {
  return showingCopy || !navigator.onLine;
}

export function useOffline(): boolean {
  return useSyncExternalStore(subscribe, isOffline);
}

/** The copies belong to whoever was signed in: dropped when someone logs in or out. */
export function forgetOfflineCopies(): void {
  showingCopy = false;
  notify();
  if ('caches' in window) void caches.delete(API_CACHE).catch(() => undefined);
}
