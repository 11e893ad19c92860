import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.js';
import { boardRoutes } from './board-routes.js';
import { chatRoutes } from './chat-routes.js';
import { contactRoutes } from './contact-routes.js';
import { historyRoutes } from './history-routes.js';

/** Customer service: online chat, 留言 and the contact page. */
export function supportRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(chatRoutes(deps));
    await app.register(boardRoutes(deps));
    await app.register(contactRoutes(deps));
    await app.register(historyRoutes(deps));
  };
}
