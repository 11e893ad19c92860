import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { outgoingMessagePage, outgoingMessageQuery } from '../../../contracts/staff.js';
import type { Deps } from '../../deps.js';
import { requireRole } from '../../platform/http/session.js';
import { listOutgoingMessages } from './outgoing-messages.js';

/** The 邮箱 page: every email and SMS the system sent (embedded capture and SMS log driver). */
export function staffRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.get(
      '/staff/outgoing-messages',
      {
        onRequest: requireRole('operator', 'agent'),
        schema: {
          tags: ['staff'],
          querystring: outgoingMessageQuery,
          response: { 200: outgoingMessagePage },
        },
      },
      async (req) => listOutgoingMessages(db, req.query),
    );
  };
}
