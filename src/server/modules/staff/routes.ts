import { and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { outgoingMessagePage, outgoingMessageQuery } from '../../../contracts/staff.js';
import type { Deps } from '../../deps.js';
import { outgoingMessages } from '../../platform/db/schema/index.js';
import { requireRole } from '../../platform/http/session.js';

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
      async (req) => {
        const q = req.query;
        const rows = await db
          .select()
          .from(outgoingMessages)
          .where(
            and(
              q.recipient ? eq(outgoingMessages.recipient, q.recipient.toLowerCase()) : undefined,
              q.cursor ? lt(outgoingMessages.id, Number(q.cursor)) : undefined,
            ),
          )
          .orderBy(desc(outgoingMessages.id))
          .limit(q.limit + 1);
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        return {
          items: page.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
          nextCursor: rows.length > q.limit && last ? String(last.id) : null,
        };
      },
    );
  };
}
