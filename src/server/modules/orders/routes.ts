import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import { isMainlandMobile, normaliseMobile } from '../../../domain/validation.js';
import {
  orderCounts,
  orderDetail,
  orderListQuery,
  orderPage,
  placeOrderRequest,
  placeOrderResponse,
  quoteRequest,
  quoteResponse,
} from '../../../contracts/orders.js';
import { orderNo } from '../../../contracts/common.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { idempotencyKeyOf, requestHash, runIdempotent } from '../../platform/http/idempotency.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { completeOrder } from './fulfilment.js';
import { findOrder } from './lock.js';
import { placeOrders } from './place-order.js';
import { countOrders, listOrders } from './queries.js';
import { quoteOrders } from './quote.js';
import { detailOf, summaryView } from './views.js';

const tags = ['orders'];
const orderParams = z.object({ orderNo });

export function ordersRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));

    app.post(
      '/orders',
      { schema: { tags, body: placeOrderRequest, response: { 201: placeOrderResponse } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const phone = normaliseMobile(req.body.address.phone);
        if (!isMainlandMobile(phone)) throw new DomainError('INVALID_MOBILE');
        const now = deps.clock.now();
        const result = await runIdempotent(
          db,
          actor.userId,
          idempotencyKeyOf(req),
          requestHash(req),
          async (tx, batch) => {
            const placed = await placeOrders(
              tx,
              deps.outbox,
              {
                shopperId: actor.userId,
                items: req.body.items,
                fromCart: req.body.fromCart,
                address: { ...req.body.address, phone },
                now,
                paymentTimeoutMinutes: deps.config.paymentTimeoutMinutes,
                requestId: req.id,
                couponIds: req.body.couponIds,
              },
              batch,
            );
            // The answer comes from the rows just written: nothing is read back.
            const orders = placed.map((p) => summaryView(p.order, p.shop, p.lines, now));
            return { status: 201, body: { orders } };
          },
        );
        return reply.status(201).send(result.body);
      },
    );

    app.post(
      '/orders/quote',
      { schema: { tags, body: quoteRequest, response: { 200: quoteResponse } } },
      async (req) =>
        quoteOrders(db, req.body.items, {
          shopperId: actorOf(req).userId,
          couponIds: req.body.couponIds,
          now: deps.clock.now(),
        }),
    );

    app.get(
      '/orders',
      { schema: { tags, querystring: orderListQuery, response: { 200: orderPage } } },
      async (req) =>
        listOrders(db, { shopperId: actorOf(req).userId }, req.query, deps.clock.now()),
    );

    app.get('/orders/counts', { schema: { tags, response: { 200: orderCounts } } }, async (req) =>
      countOrders(db, actorOf(req).userId),
    );

    app.get(
      '/orders/:orderNo',
      { schema: { tags, params: orderParams, response: { 200: orderDetail } } },
      async (req) => {
        const order = await findOrder(db, req.params.orderNo, { shopperId: actorOf(req).userId });
        return detailOf(db, order, deps.clock.now());
      },
    );

    app.post(
      '/orders/:orderNo/confirm-receipt',
      { schema: { tags, params: orderParams, response: { 200: orderDetail } } },
      async (req) => {
        const actor = actorOf(req);
        const scope = { shopperId: actor.userId };
        const now = deps.clock.now();
        await withTx(db, (tx) =>
          completeOrder(
            {
              tx,
              outbox: deps.outbox,
              actor: { id: actor.userId, role: 'shopper' },
              now,
              requestId: req.id,
            },
            { orderNo: req.params.orderNo },
            scope,
            'confirm_receipt',
          ),
        );
        return detailOf(db, await findOrder(db, req.params.orderNo, scope), now);
      },
    );
  };
}
