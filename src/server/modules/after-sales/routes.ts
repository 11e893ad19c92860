import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AFTER_SALES_BLOCK_TEXT,
  AFTER_SALES_REASONS,
  afterSalesDeadline,
  assessAfterSales,
  refundableLines,
} from '../../../domain/after-sales-rules.js';
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
import type { Executor } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { idempotentTx, type IdempotentRequest } from '../../platform/http/idempotency.js';
import { afterSalesCases, orders, refunds } from '../../platform/db/schema/index.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { lockOrder } from '../orders/lock.js';
import { cancellationSettings } from '../settings/service.js';
import {
  confirmReturnReceived,
  decideAfterSales,
  markReturned,
  requestAfterSales,
  toAfterSalesOrder,
  type CaseRow,
} from './service.js';

const tags = ['after-sales'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

async function views(db: Executor, rows: CaseRow[]) {
  if (rows.length === 0) return [];
  const orderRows = await db
    .select({ id: orders.id, orderNo: orders.orderNo })
    .from(orders)
    .where(
      inArray(
        orders.id,
        rows.map((r) => r.orderId),
      ),
    );
  const refundIds = rows.map((r) => r.refundId).filter((x): x is number => x !== null);
  const refundRows = refundIds.length
    ? await db
        .select({ id: refunds.id, amountFen: refunds.amountFen })
        .from(refunds)
        .where(inArray(refunds.id, refundIds))
    : [];
  return rows.map((c) => ({
    id: c.id,
    orderNo: orderRows.find((o) => o.id === c.orderId)?.orderNo ?? '',
    kind: c.kind,
    status: c.status,
    selection: c.selection as { lineId: number; quantity: number }[],
    reasonCode: c.reasonCode,
    reasonText: c.reasonText,
    returnCarrier: c.returnCarrier,
    returnTrackingNo: c.returnTrackingNo,
    decisionReason: c.decisionReason,
    refundId: c.refundId,
    refundFen: refundRows.find((r) => r.id === c.refundId)?.amountFen ?? null,
    createdAt: c.createdAt.toISOString(),
  }));
}

async function viewOf(db: Executor, c: CaseRow) {
  const [view] = await views(db, [c]);
  if (!view) throw new Error('unreachable');
  return view;
}

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
        withTx(db, async (tx) => {
          const { order, lines } = await lockOrder(
            tx,
            { orderNo: req.params.orderNo },
            { shopperId: actorOf(req).userId },
            { lock: false },
          );
          const [open] = await tx
            .select({ id: afterSalesCases.id })
            .from(afterSalesCases)
            .where(
              and(
                eq(afterSalesCases.orderId, order.id),
                inArray(afterSalesCases.status, ['pending_review', 'awaiting_return', 'returned']),
              ),
            );
          const facts = toAfterSalesOrder(order, lines, open !== undefined);
          const settings = await cancellationSettings(tx);
          const block = assessAfterSales(facts, settings.afterSalesDays, deps.clock.now());
          const deadline = afterSalesDeadline(facts, settings.afterSalesDays);
          return {
            allowed: block === null,
            blockedBy: block,
            blockedText: block ? AFTER_SALES_BLOCK_TEXT[block] : null,
            deadline: deadline?.toISOString() ?? null,
            lines: refundableLines(facts).map((l) => ({
              lineId: l.id,
              refundable: l.qtyShipped - l.qtyAfterSales,
            })),
            reasons: AFTER_SALES_REASONS.map((r) => ({ ...r, kinds: [...r.kinds] })),
          };
        }),
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
          viewOf(
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
        const rows = await db
          .select()
          .from(afterSalesCases)
          .where(eq(afterSalesCases.shopperId, actorOf(req).userId))
          .orderBy(desc(afterSalesCases.id))
          .limit(50);
        return { items: await views(db, rows) };
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
        return viewOf(db, c);
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
        const rows = await db
          .select()
          .from(afterSalesCases)
          .where(
            and(
              eq(afterSalesCases.shopId, shopOf(actorOf(req)).shopId),
              req.query.status ? eq(afterSalesCases.status, req.query.status) : undefined,
            ),
          )
          .orderBy(afterSalesCases.createdAt)
          .limit(200);
        return { items: await views(db, rows) };
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
          return viewOf(tx, c);
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
