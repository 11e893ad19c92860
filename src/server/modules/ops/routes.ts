import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.js';
import { auditRoutes } from './audit-routes.js';
import { bundleRoutes } from './bundle-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { searchRoutes } from './search-routes.js';
import type { SupportHistoryLoader } from './support-history.js';

/** The operations console: audit trail, dispute bundles, order search and dashboards. */
export function opsRoutes(
  deps: Deps,
  opts: { loadSupportHistory?: SupportHistoryLoader } = {},
): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(auditRoutes(deps));
    await app.register(bundleRoutes(deps, opts.loadSupportHistory));
    await app.register(searchRoutes(deps));
    await app.register(dashboardRoutes(deps));
  };
}
