import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.js';
import { auditRoutes } from './audit-routes.js';

/** The operations console: audit trail, dispute bundles, order search and dashboards. */
export function opsRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(auditRoutes(deps));
  };
}
