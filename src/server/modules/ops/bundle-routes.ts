import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { orderNo } from '../../../contracts/common.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import type { OrderScope } from '../orders/lock.js';
import { buildDisputeBundle } from './bundle-zip.js';
import type { SupportHistoryLoader } from './support-history.js';

const params = z.object({ orderNo });

function staffScope(actor: Actor): OrderScope {
  return actor.role === 'merchant' && actor.shopId !== null
    ? { shopId: actor.shopId }
    : { any: true };
}

/** 下载争议材料包: the shopper for their own orders, staff for every order they may see. */
export function bundleRoutes(
  deps: Deps,
  loadSupport?: SupportHistoryLoader,
): FastifyPluginAsyncZod {
  async function send(reply: FastifyReply, no: string, scope: OrderScope) {
    const bundle = await buildDisputeBundle(deps, no, scope, loadSupport);
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${bundle.fileName}"`)
      .header('cache-control', 'no-store')
      .send(bundle.stream);
  }
  return async (app) => {
    app.get(
      '/orders/:orderNo/dispute-bundle',
      {
        onRequest: requireRole('shopper'),
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags: ['orders'], params, produces: ['application/zip'] },
      },
      async (req, reply) => send(reply, req.params.orderNo, { shopperId: actorOf(req).userId }),
    );
    app.get(
      '/ops/orders/:orderNo/dispute-bundle',
      {
        onRequest: requireRole('operator', 'agent', 'merchant'),
        schema: { tags: ['ops'], params, produces: ['application/zip'] },
      },
      async (req, reply) => send(reply, req.params.orderNo, staffScope(actorOf(req))),
    );
  };
}
