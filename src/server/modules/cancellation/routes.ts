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
import {
  idempotencyKeyOf,
  idempotentTx,
  requestHash,
  runIdempotent,
} from '../../platform/http/idempotency.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { cancellationSettings } from '../settings/service.js';
import { answerDetail } from './answer.js';
import { runCancellation } from './cancel.js';
import { merchantQueue } from './queue.js';
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
          async (tx, lastWrite) => {
            const done = await runCancellation(
              {
                tx,
                outbox: deps.outbox,
                actor: { id: actor.userId, role: 'shopper' },
                now,
                requestId: req.id,
              },
              {
                target: { orderNo: req.params.orderNo },
                scope,
                command: { kind: 'cancel', ...req.body },
              },
              // The plan goes out in one statement with the stored answer.
              { timeline: true, writeWith: lastWrite },
            );
            return {
              status: 200,
              body: {
                result:
                  done.outcome === 'requested'
                    ? ('requested' as const)
                    : done.outcome === 'already_cancelled'
                      ? ('already_cancelled' as const)
                      : ('cancelled' as const),
                refund: done.refund ? refundView(done.refund) : null,
                request:
                  done.outcome === 'requested' && done.request ? requestView(done.request) : null,
                order: answerDetail(done, now),
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
        const { rows, lineRows } = await merchantQueue(db, shopOf(actorOf(req)));
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
        return idempotentTx(db, req, actor.userId, async (tx) => {
          const done = await runCancellation(
            {
              tx,
              outbox: deps.outbox,
              actor: { id: actor.userId, role: 'merchant' },
              now,
              requestId: req.id,
            },
            {
              target: { requestId: req.params.id },
              scope,
              command:
                req.body.decision === 'reject'
                  ? {
                      kind: 'decide',
                      requestId: req.params.id,
                      decision: 'reject',
                      reason: req.body.reason ?? '',
                    }
                  : { kind: 'decide', requestId: req.params.id, decision: 'approve' },
            },
            { timeline: true },
          );
          if (!done.request) throw new DomainError('CANCELLATION_REQUEST_NOT_FOUND');
          return {
            result: done.outcome === 'rejected' ? ('requested' as const) : ('cancelled' as const),
            refund: done.refund ? refundView(done.refund) : null,
            request: requestView(done.request),
            order: answerDetail(done, now),
          };
        });
      },
    );
  };
}
