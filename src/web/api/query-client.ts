// Shared TanStack Query client: no retries for answers the server meant (4xx), and a lost
// session (401) drops the cached user so guarded pages send the visitor to log in.
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.js';
import { qk } from './keys.js';

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError(err, query) {
      if (err instanceof ApiError && err.status === 401 && query.queryKey[0] !== 'session') {
        queryClient.setQueryData(qk.session, { user: null });
      }
    },
  }),
  defaultOptions: {
    queries: {
      // Ask even when the browser says it is offline: the service worker may answer from the
      // copy it kept (My Orders, order pages), and if not, the page shows the error.
      networkMode: 'offlineFirst',
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Back online: replace what was read from the offline copies, fresh or not.
      refetchOnReconnect: 'always',
      retry: (count, err) => {
        if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
        return count < 2;
      },
    },
    // An action without a network fails at once with a clear message rather than waiting.
    mutations: { retry: false, networkMode: 'always' },
  },
});
