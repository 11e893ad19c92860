import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import {
  cancellationOptions as optionsSchema,
  cancelPreviewQuery,
  cancelRequest,
  cancelResponse,
  decideRequest as decideBody,
  merchantRequestQueue,
  standingResponse,
} from '../../../contracts/cancellation.js';
import { describeStanding, standingOf } from '../../../domain/account-standing.js';
import { orderNo } from '../../../contracts/common.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import {
  cancellationRequests,
  orderEvents,
  orderLines,
  orders,
} from '../../platform/db/schema/index.js';
import { idempotencyKeyOf, requestHash, runIdempotent } from '../../platform/http/idempotency.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { findOrder } from '../orders/lock.js';
import { detailOf, detailOfLoaded } from '../orders/views.js';
import { cancellationSettings } from '../settings/service.js';
import { cancelOrder } from './cancel.js';
import { decideRequest } from './decide.js';
import { cancellationOptions } from './options.js';
import { parseSelectionQuery } from './selection.js';
import { recentCancellations } from './standing.js';
import { refundView, requestView } from './views.js';

const orderParams = z.object({ orderNo });

/** 取消订单 / 申请取消 for shoppers. */
export function shopperCancellationRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));

    app.get(
      '/orders/:orderNo/cancellation',
      {
        schema: {
          tags: ['cancellation'],
          params: orderParams,
          querystring: cancelPreviewQuery,
          response: { 200: optionsSchema },
        },
      },
      async (req) =>
        cancellationOptions(
          db,
          req.params.orderNo,
          { shopperId: actorOf(req).userId },
          parseSelectionQuery(req.query.lines),
          deps.clock.now(),
        ),
    );

    app.get(
      '/me/standing',
      { schema: { tags: ['cancellation'], response: { 200: standingResponse } } },
      async (req) => {
        const settings = await cancellationSettings(db);
        const count = await recentCancellations(
          db,
          actorOf(req).userId,
          settings,
          deps.clock.now(),
        );
        const standing = standingOf(count, settings);
        return {
          count,
          level: standing.level,
          windowDays: settings.standingWindowDays,
          warnAt: settings.standingWarnAt,
          reviewAt: settings.standingReviewAt,
          text: describeStanding(standing, settings),
        };
      },
    );

    app.post(
      '/orders/:orderNo/cancellation',
      {
        schema: {
          tags: ['cancellation'],
          params: orderParams,
          body: cancelRequest,
          response: { 200: cancelResponse },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const scope = { shopperId: actor.userId };
        const now = deps.clock.now();
        const result = await runIdempotent(
          db,
          actor.userId,
          idempotencyKeyOf(req),
          requestHash(req),
          async (tx, batch) => {
            const outcome = await cancelOrder(
              {
                tx,
                outbox: deps.outbox,
                actor: { id: actor.userId, role: 'shopper' },
                now,
                requestId: req.id,
              },
              scope,
              { orderNo: req.params.orderNo, ...req.body },
              batch,
            );
            // An instant cancellation answers from what it already holds, plus the timeline
            // entries still in the batch; the other outcomes re-read the order.
            const order =
              outcome.result === 'cancelled'
                ? await detailOfLoaded(tx, outcome.loaded, batch.pendingRows(orderEvents), now)
                : await detailOf(tx, await findOrder(tx, req.params.orderNo, scope), now);
            return {
              status: 200,
              body: {
                result: outcome.result,
                refund: 'refund' in outcome && outcome.refund ? refundView(outcome.refund) : null,
                request: outcome.result === 'requested' ? requestView(outcome.request) : null,
                order,
              },
            };
          },
        );
        return result.body;
      },
    );
  };
}

function shopOf(actor: Actor): number {
  if (actor.shopId === null) throw new DomainError('FORBIDDEN');
  return actor.shopId;
}

/** The merchant's queue of 申请取消 with their SLA deadlines, and the decision. */
export function merchantCancellationRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));

    app.get(
      '/merchant/cancellation-requests',
      { schema: { tags: ['cancellation'], response: { 200: merchantRequestQueue } } },
      async (req) => {
        const rows = await db
          .select({
            r: cancellationRequests,
            orderNo: orders.orderNo,
            payableFen: orders.payableFen,
          })
          .from(cancellationRequests)
          .innerJoin(orders, eq(orders.id, cancellationRequests.orderId))
          .where(
            and(
              eq(cancellationRequests.shopId, shopOf(actorOf(req))),
              eq(cancellationRequests.status, 'pending'),
            ),
          )
          .orderBy(asc(cancellationRequests.slaDeadline))
          .limit(200);
        const lineRows = rows.length
          ? await db
              .select()
              .from(orderLines)
              .where(
                inArray(
                  orderLines.orderId,
                  rows.map((x) => x.r.orderId),
                ),
              )
          : [];
        const settings = await cancellationSettings(db);
        return {
          items: rows.map((x) => {
            const selection = x.r.selection as { lineId: number; quantity: number }[];
            const reason = settings.reasons.find((r) => r.code === x.r.reasonCode);
            return {
              ...requestView(x.r),
              orderNo: x.orderNo,
              payableFen: x.payableFen,
              reasonLabel: reason
                ? { zh: reason.zh, en: reason.en }
                : { zh: x.r.reasonCode, en: x.r.reasonCode },
              lines: selection.map((sel) => {
                const l = lineRows.find((row) => row.id === sel.lineId);
                return {
                  lineId: sel.lineId,
                  title: l?.title ?? '',
                  titleEn: l?.titleEn ?? '',
                  variantName: l?.variantName ?? '',
                  quantity: sel.quantity,
                };
              }),
            };
          }),
        };
      },
    );

    app.post(
      '/merchant/cancellation-requests/:id/decision',
      {
        schema: {
          tags: ['cancellation'],
          params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
          body: decideBody,
          response: { 200: cancelResponse },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const scope = { shopId: shopOf(actor) };
        if (req.body.decision === 'reject' && !req.body.reason)
          throw new DomainError('CANCEL_REASON_TEXT_REQUIRED');
        const now = deps.clock.now();
        return withTx(db, async (tx) => {
          const { request, refund } = await decideRequest(
            {
              tx,
              outbox: deps.outbox,
              actor: { id: actor.userId, role: 'merchant' },
              now,
              requestId: req.id,
            },
            req.params.id,
            scope,
            req.body.decision === 'reject'
              ? { decision: 'reject', reason: req.body.reason ?? '' }
              : { decision: 'approve' },
          );
          const [order] = await tx.select().from(orders).where(eq(orders.id, request.orderId));
          if (!order) throw new DomainError('ORDER_NOT_FOUND');
          return {
            result: request.status === 'rejected' ? ('requested' as const) : ('cancelled' as const),
            refund: refund ? refundView(refund) : null,
            request: requestView(request),
            order: await detailOf(tx, order, now),
          };
        });
      },
    );
  };
}
