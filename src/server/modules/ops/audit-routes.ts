import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditPage as auditPageSchema, auditQuery } from '../../../contracts/audit.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { auditPage } from './audit-query.js';

/**
 * The staff 审计日志: read-only. There is deliberately no route that writes, changes or removes
 * audit rows; they are written only by the services, in the transaction of the change.
 */
export function auditRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/ops/audit',
      {
        onRequest: requireRole('operator', 'agent', 'merchant'),
        schema: { tags: ['ops'], querystring: auditQuery, response: { 200: auditPageSchema } },
      },
      async (req) => {
        const actor = actorOf(req);
        const scope =
          actor.role === 'merchant' && actor.shopId !== null
            ? { shopId: actor.shopId }
            : { any: true as const };
        return auditPage(db, req.query, scope);
      },
    );
  };
}
