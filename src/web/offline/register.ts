// Registers the service worker (after the page has loaded, so it never competes with the first
// download) and tells the page when a new version is waiting. Browsers without service workers
// (some in-app browsers) simply run the app online; nothing else depends on it.
import { registerSW } from 'virtual:pwa-register';

type Listener = () => void;

let updateWaiting = false;
const listeners = new Set<Listener>();
let applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;

/** How often an open app asks the server for a new version. */
const CHECK_EVERY_MS = 30 * 60_000;

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  applyUpdate = registerSW({
    // The page reloads itself once the new version controls it (installUpdate).
    onNeedReload() {},
    onNeedRefresh() {
      updateWaiting = true;
      for (const l of listeners) l();
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = () => {
        if (navigator.onLine) void registration.update().catch(() => undefined);
      };
      setInterval(check, CHECK_EVERY_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
  });
}

export function subscribeUpdate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isUpdateWaiting(): boolean {
  return updateWaiting;
}

/** Lets the waiting version take over; the page reloads when it has. */
export function installUpdate(): void {
  // Also when this page was the first the worker ever controlled (no earlier version).
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), {
    once: true,
  });
  void applyUpdate?.(true);
}
