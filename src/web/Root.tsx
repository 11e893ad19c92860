// Providers every page shares: TanStack Query and the router. antd's theme, locale and App
// are not here: they come with the first page that uses antd (antd/scope.tsx), so the shop
// frame and 我的订单 render without downloading antd.
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { queryClient } from './api/query-client.js';
import { UpdatePrompt } from './offline/UpdatePrompt.js';
import { router } from './router.js';

export function Root() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <UpdatePrompt />
    </QueryClientProvider>
  );
}
