// The service worker. It keeps the app shell (index.html, the shopper's scripts, icons) so
// the app opens without a network, and the last answers of the shopper's order pages so
// My Orders and an order last seen can be read offline. A new version installs in the
// background and waits until the page's 有新版本 prompt says to take over.
import { clientsClaim } from 'workbox-core';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import {
  API_CACHE,
  NOT_APP_PAGES,
  OFFLINE_COPY_HEADER,
  OFFLINE_READABLE,
  SKIP_WAITING,
} from './protocol.js';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (PrecacheEntry | string)[];
};

const DAY = 24 * 60 * 60;
const API_PREFIX = '/api/v1';

// The build fills in the shell's files with their revisions (vite.config.ts says which).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// The first version takes the open page at once (so it works offline after one visit);
// later versions wait for the prompt.
clientsClaim();
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: unknown } | null;
  if (data?.type === SKIP_WAITING) void self.skipWaiting();
});

// Every page of the app is index.html; the router takes it from there.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [...NOT_APP_PAGES] }),
);

const sameOrigin = (url: URL) => url.origin === self.location.origin;

// Scripts of pages not in the shell (the staff console, English): hashed names never
// change content, so once fetched they are served from here.
registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.startsWith('/assets/'),
  new CacheFirst({
    cacheName: 'btp-assets',
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 60 * DAY }),
    ],
  }),
);

// Product pictures on the order pages.
registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.startsWith('/img/'),
  new CacheFirst({
    cacheName: 'btp-images',
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY }),
    ],
  }),
);

// The shopper's order pages: always from the network while there is one; the last answer
// when there is not, marked so the page can say it is offline and hide what would fail.
registerRoute(
  ({ url, request }) =>
    request.method === 'GET' &&
    sameOrigin(url) &&
    url.pathname.startsWith(API_PREFIX) &&
    OFFLINE_READABLE.some((re) => re.test(url.pathname.slice(API_PREFIX.length))),
  new NetworkFirst({
    cacheName: API_CACHE,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY }),
      {
        cachedResponseWillBeUsed: async ({ cachedResponse }) => {
          if (!cachedResponse) return null;
          const headers = new Headers(cachedResponse.headers);
          headers.set(OFFLINE_COPY_HEADER, '1');
          return new Response(await cachedResponse.blob(), {
            status: cachedResponse.status,
            statusText: cachedResponse.statusText,
            headers,
          });
        },
      },
    ],
  }),
);
