import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import { orderNo } from '../../../contracts/common.js';
import {
  merchantOrderListQuery,
  orderDetail,
  orderPage,
  shipRequest,
} from '../../../contracts/orders.js';
import type { Deps } from '../../deps.js';
import { idempotentTx, type IdempotentRequest } from '../../platform/http/idempotency.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { deliverOrder, prepareOrder, shipOrder, type ActionContext } from '../orders/fulfilment.js';
import { findOrder } from '../orders/lock.js';
import { listOrders } from '../orders/queries.js';
import { detailOf } from '../orders/views.js';

const tags = ['merchant'];
const orderParams = z.object({ orderNo });

function shopScope(actor: Actor): { shopId: number } {
  if (actor.shopId === null) throw new DomainError('FORBIDDEN');
  return { shopId: actor.shopId };
}

/** Merchant staff work on their own shop's orders only. */
export function merchantRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;

  /** One fulfilment step under Idempotency-Key: a retried click answers the first result. */
  async function act(
    req: IdempotentRequest & { id: string; actor: Actor | null; params: { orderNo: string } },
    run: (ctx: ActionContext, scope: { shopId: number }) => Promise<void>,
  ) {
    const actor = actorOf(req as never);
    const scope = shopScope(actor);
    const now = deps.clock.now();
    return idempotentTx(db, req, actor.userId, async (tx) => {
      await run(
        {
          tx,
          outbox: deps.outbox,
          actor: { id: actor.userId, role: 'merchant' },
          now,
          requestId: req.id,
        },
        scope,
      );
      return detailOf(tx, await findOrder(tx, req.params.orderNo, scope), now);
    });
  }

  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));

    app.get(
      '/merchant/orders',
      { schema: { tags, querystring: merchantOrderListQuery, response: { 200: orderPage } } },
      async (req) =>
        listOrders(
          db,
          shopScope(actorOf(req)),
          {
            tab: req.query.status ?? 'all',
            q: req.query.q,
            cursor: req.query.cursor,
            limit: req.query.limit,
          },
          deps.clock.now(),
        ),
    );

    app.get(
      '/merchant/orders/:orderNo',
      { schema: { tags, params: orderParams, response: { 200: orderDetail } } },
      async (req) =>
        detailOf(
          db,
          await findOrder(db, req.params.orderNo, shopScope(actorOf(req))),
          deps.clock.now(),
        ),
    );

    app.post(
      '/merchant/orders/:orderNo/prepare',
      { schema: { tags, params: orderParams, response: { 200: orderDetail } } },
      async (req) =>
        act(req, (ctx, scope) => prepareOrder(ctx, { orderNo: req.params.orderNo }, scope)),
    );

    app.post(
      '/merchant/orders/:orderNo/ship',
      { schema: { tags, params: orderParams, body: shipRequest, response: { 200: orderDetail } } },
      async (req) =>
        act(req, (ctx, scope) =>
          shipOrder(
            ctx,
            { orderNo: req.params.orderNo },
            scope,
            req.body,
            deps.config.autoCompleteDays,
          ),
        ),
    );

    app.post(
      '/merchant/orders/:orderNo/deliver',
      { schema: { tags, params: orderParams, response: { 200: orderDetail } } },
      async (req) =>
        act(req, (ctx, scope) => deliverOrder(ctx, { orderNo: req.params.orderNo }, scope)),
    );
  };
}
