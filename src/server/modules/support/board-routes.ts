import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  boardList,
  boardMessageView,
  boardQueueQuery,
  boardReplyRequest,
  boardRequest,
} from '../../../contracts/support.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import {
  boardQueue,
  boardViews,
  leaveMessage,
  myMessages,
  replyToMessage,
  visibleMessage,
} from './board.js';

const params = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const tags = ['support'];

/** 留言: shoppers leave messages (about an order or not), customer service replies. */
export function boardRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const one = async (row: Parameters<typeof boardViews>[1][number]) => {
    const [v] = await boardViews(db, [row], deps.clock.now());
    if (!v) throw new Error('unreachable');
    return v;
  };
  return async (app) => {
    app.post(
      '/support/board',
      {
        onRequest: requireRole('shopper'),
        config: { rateLimit: { max: 20, timeWindow: '1 hour' } },
        schema: { tags, body: boardRequest, response: { 201: boardMessageView } },
      },
      async (req, reply) =>
        reply.status(201).send(await one(await leaveMessage(deps, actorOf(req), req.body))),
    );

    app.get(
      '/support/board',
      { onRequest: requireRole('shopper'), schema: { tags, response: { 200: boardList } } },
      async (req) => ({
        items: await boardViews(db, await myMessages(db, actorOf(req).userId), deps.clock.now()),
      }),
    );

    app.get(
      '/support/board/:id',
      {
        onRequest: requireRole('shopper', 'agent', 'operator'),
        schema: { tags, params, response: { 200: boardMessageView } },
      },
      async (req) => one(await visibleMessage(db, actorOf(req), req.params.id)),
    );

    app.get(
      '/ops/support/board',
      {
        onRequest: requireRole('agent', 'operator'),
        schema: { tags, querystring: boardQueueQuery, response: { 200: boardList } },
      },
      async (req) => ({
        items: await boardViews(db, await boardQueue(db, req.query.state), deps.clock.now()),
      }),
    );

    app.post(
      '/ops/support/board/:id/replies',
      {
        onRequest: requireRole('agent', 'operator'),
        schema: { tags, params, body: boardReplyRequest, response: { 200: boardMessageView } },
      },
      async (req) =>
        one(await replyToMessage(deps, actorOf(req), req.params.id, req.body.body, req.id)),
    );
  };
}
