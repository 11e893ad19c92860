import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import {
  afterSalesCaseList,
  afterSalesCaseView,
  afterSalesDecision,
  afterSalesOptions,
  afterSalesRequest,
  afterSalesStatus,
  returnShipment,
} from '../../../contracts/after-sales.js';
import { orderNo } from '../../../contracts/common.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { idempotentTx, type IdempotentRequest } from '../../platform/http/idempotency.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { afterSalesOptionsOf } from './options.js';
import { shopCases, shopperCases } from './queries.js';
import {
  confirmReturnReceived,
  decideAfterSales,
  markReturned,
  requestAfterSales,
  type CaseRow,
} from './service.js';
import { caseView, caseViews } from './views.js';

const tags = ['after-sales'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** 退款售后 for shoppers: options, request, the return shipment, and their cases. */
export function shopperAfterSalesRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const ctxOf = (
    tx: Parameters<Parameters<typeof withTx>[1]>[0],
    actor: Actor,
    requestId: string,
  ) => ({
    tx,
    outbox: deps.outbox,
    actor: { id: actor.userId, role: actor.role },
    now: deps.clock.now(),
    requestId,
  });
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));

    app.get(
      '/orders/:orderNo/after-sales',
      { schema: { tags, params: z.object({ orderNo }), response: { 200: afterSalesOptions } } },
      async (req) =>
        afterSalesOptionsOf(
          db,
          req.params.orderNo,
          { shopperId: actorOf(req).userId },
          deps.clock.now(),
        ),
    );

    app.post(
      '/orders/:orderNo/after-sales',
      {
        schema: {
          tags,
          params: z.object({ orderNo }),
          body: afterSalesRequest,
          response: { 201: afterSalesCaseView },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const view = await idempotentTx(db, req, actor.userId, async (tx) =>
          caseView(
            tx,
            await requestAfterSales(
              ctxOf(tx, actor, req.id),
              req.params.orderNo,
              { shopperId: actor.userId },
              req.body,
            ),
          ),
        );
        return reply.status(201).send(view);
      },
    );

    app.get(
      '/after-sales',
      { schema: { tags, response: { 200: afterSalesCaseList } } },
      async (req) => {
        const rows = await shopperCases(db, actorOf(req).userId);
        return { items: await caseViews(db, rows) };
      },
    );

    app.post(
      '/after-sales/:id/return',
      {
        schema: {
          tags,
          params: idParams,
          body: returnShipment,
          response: { 200: afterSalesCaseView },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const c = await withTx(db, (tx) =>
          markReturned(
            ctxOf(tx, actor, req.id),
            req.params.id,
            { shopperId: actor.userId },
            req.body,
          ),
        );
        return caseView(db, c);
      },
    );
  };
}

/** The merchant's after-sales queue: approve or reject, and confirm returned goods arrived. */
export function merchantAfterSalesRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const shopOf = (actor: Actor) => {
    if (actor.shopId === null) throw new DomainError('FORBIDDEN');
    return { shopId: actor.shopId };
  };
  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));

    app.get(
      '/merchant/after-sales',
      {
        schema: {
          tags,
          querystring: z.object({ status: afterSalesStatus.optional() }),
          response: { 200: afterSalesCaseList },
        },
      },
      async (req) => {
        const rows = await shopCases(db, shopOf(actorOf(req)).shopId, req.query.status);
        return { items: await caseViews(db, rows) };
      },
    );

    const act =
      (
        run: (
          ctx: Parameters<typeof decideAfterSales>[0],
          id: number,
          scope: { shopId: number },
          body: unknown,
        ) => Promise<CaseRow>,
      ) =>
      async (
        req: IdempotentRequest & { id: string; params: { id: number }; actor: Actor | null },
      ) => {
        const actor = actorOf(req as never);
        const scope = shopOf(actor);
        // A merchant's decision moves money: a retried click answers the first result.
        return idempotentTx(db, req, actor.userId, async (tx) => {
          const c = await run(
            {
              tx,
              outbox: deps.outbox,
              actor: { id: actor.userId, role: 'merchant' },
              now: deps.clock.now(),
              requestId: req.id,
            },
            req.params.id,
            scope,
            req.body,
          );
          return caseView(tx, c);
        });
      };

    app.post(
      '/merchant/after-sales/:id/decision',
      {
        schema: {
          tags,
          params: idParams,
          body: afterSalesDecision,
          response: { 200: afterSalesCaseView },
        },
      },
      act((ctx, id, scope, body) => {
        const b = body as { decision: 'approve' | 'reject'; reason?: string };
        if (b.decision === 'reject' && !b.reason)
          throw new DomainError('CANCEL_REASON_TEXT_REQUIRED');
        return decideAfterSales(
          ctx,
          id,
          scope,
          b.decision === 'reject'
            ? { decision: 'reject', reason: b.reason ?? '' }
            : { decision: 'approve' },
        );
      }),
    );

    app.post(
      '/merchant/after-sales/:id/received',
      { schema: { tags, params: idParams, response: { 200: afterSalesCaseView } } },
      act((ctx, id, scope) => confirmReturnReceived(ctx, id, scope)),
    );
  };
}
