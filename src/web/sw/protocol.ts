// What the service worker and the page agree on. No browser globals here: both import it.

/** Cache of the shopper's last-read API answers (My Orders, order pages), for reading offline. */
export const API_CACHE = 'btp-api';

/** Set by the service worker on an API answer it took from API_CACHE because the network failed. */
export const OFFLINE_COPY_HEADER = 'x-btp-offline-copy';

/**
 * The GET endpoints whose last answer is kept for offline reading: who is signed in, the order
 * list and counts, an order with what belongs to its page (cancellation and after-sales
 * options and cases, refunds, customer-service history), a refund, the cart badge, the unread count and
 * the contact page. Paths are under /api/v1.
 */
export const OFFLINE_READABLE: readonly RegExp[] = [
  /^\/session$/,
  /^\/orders$/,
  /^\/orders\/counts$/,
  /^\/orders\/\d{18}$/,
  /^\/orders\/\d{18}\/(cancellation|after-sales|support-history)$/,
  /^\/after-sales$/,
  /^\/refunds$/,
  /^\/refunds\/\d+$/,
  /^\/cart$/,
  /^\/notices\/unread-count$/,
  /^\/support\/contact$/,
];

/** Pages (navigations) the app shell does not answer: the server's own documents and files. */
export const NOT_APP_PAGES: readonly RegExp[] = [
  /^\/api\//,
  /^\/img\//,
  /^\/docs(\/|$)/,
  /^\/openapi\.json$/,
  /^\/(healthz|readyz|metrics)$/,
];

/** The page's answer to "a new version is waiting": take over now. */
export const SKIP_WAITING = 'SKIP_WAITING';
