import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orderNo } from '../../../contracts/common.js';
import {
  staffOrderDetail as detailSchema,
  staffOrderPage,
  staffOrderQuery,
} from '../../../contracts/ops-orders.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { searchOrders, staffOrderDetail, type StaffScope } from './order-search.js';

export function staffScopeOf(actor: Actor): StaffScope {
  return actor.role === 'merchant' && actor.shopId !== null
    ? { shopId: actor.shopId }
    : { any: true };
}

/** 订单查询 and the staff order page. */
export function searchRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('operator', 'agent', 'merchant'));
    app.get(
      '/ops/orders',
      {
        schema: { tags: ['ops'], querystring: staffOrderQuery, response: { 200: staffOrderPage } },
      },
      async (req) => searchOrders(db, req.query, staffScopeOf(actorOf(req))),
    );
    app.get(
      '/ops/orders/:orderNo',
      {
        schema: {
          tags: ['ops'],
          params: z.object({ orderNo }),
          response: { 200: detailSchema },
        },
      },
      async (req) => staffOrderDetail(db, req.params.orderNo, staffScopeOf(actorOf(req))),
    );
  };
}
