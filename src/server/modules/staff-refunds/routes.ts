import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orderNo } from '../../../contracts/common.js';
import { refundDetail as detailSchema } from '../../../contracts/refunds.js';
import {
  goodwillRefundRequest,
  offlineRefundRequest,
  priceProtectionQuote,
  staffRefundOptions as optionsSchema,
} from '../../../contracts/staff-refunds.js';
import { GOODWILL_REASONS } from '../../../domain/staff-refund-plan.js';
import type { Deps } from '../../deps.js';
import { idempotentTx } from '../../platform/http/idempotency.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import type { OrderScope } from '../orders/lock.js';
import { refundDetail } from '../refunds/views.js';
import { issueStaffRefund, priceProtectionPreview, staffRefundOptions } from './issue.js';

const tags = ['refunds'];
const params = z.object({ orderNo });

/** 申请价保: the preview and the request, the shopper's own orders only. */
export function shopperPriceProtectionRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));

    app.get(
      '/orders/:orderNo/price-protection',
      { schema: { tags, params, response: { 200: priceProtectionQuote } } },
      async (req) => {
        const actor = actorOf(req);
        return priceProtectionPreview(
          db,
          req.params.orderNo,
          actor.userId,
          actor.locale,
          deps.clock.now(),
        );
      },
    );

    app.post(
      '/orders/:orderNo/price-protection',
      { schema: { tags, params, response: { 200: detailSchema } } },
      async (req) => {
        const actor = actorOf(req);
        const now = deps.clock.now();
        return idempotentTx(db, req, actor.userId, async (tx) => {
          const refund = await issueStaffRefund(
            {
              tx,
              outbox: deps.outbox,
              actor: { id: actor.userId, role: 'shopper' },
              now,
              requestId: req.id,
            },
            req.params.orderNo,
            { shopperId: actor.userId },
            { kind: 'price_protection' },
          );
          return refundDetail(tx, refund, now);
        });
      },
    );
  };
}

/** 补偿 (merchants for their shop; agents and operators any order) and 线下退款 (operators). */
function staffRoutes(deps: Deps, prefix: '/ops' | '/merchant'): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const scopeOf = (actor: Actor): OrderScope =>
    prefix === '/merchant' ? { shopId: actor.shopId ?? 0 } : { any: true };
  const who = (actor: Actor) => ({ id: actor.userId, role: actor.role });
  return async (app) => {
    app.addHook(
      'onRequest',
      prefix === '/merchant' ? requireRole('merchant') : requireRole('operator', 'agent'),
    );

    app.get(
      `${prefix}/orders/:orderNo/staff-refunds`,
      { schema: { tags, params, response: { 200: optionsSchema } } },
      async (req) => {
        const actor = actorOf(req);
        const found = await staffRefundOptions(
          db,
          req.params.orderNo,
          scopeOf(actor),
          who(actor),
          deps.clock.now(),
        );
        return {
          ...found,
          goodwillReasons: GOODWILL_REASONS.map((r) => ({ ...r })),
          offlineAllowed: actor.role === 'operator',
        };
      },
    );

    app.post(
      `${prefix}/orders/:orderNo/goodwill-refunds`,
      { schema: { tags, params, body: goodwillRefundRequest, response: { 200: detailSchema } } },
      async (req) => {
        const actor = actorOf(req);
        const now = deps.clock.now();
        return idempotentTx(db, req, actor.userId, async (tx) => {
          const refund = await issueStaffRefund(
            { tx, outbox: deps.outbox, actor: who(actor), now, requestId: req.id },
            req.params.orderNo,
            scopeOf(actor),
            {
              kind: 'goodwill',
              amountFen: req.body.amountFen,
              reasonCode: req.body.reasonCode,
              note: req.body.note || null,
            },
          );
          return refundDetail(tx, refund, now);
        });
      },
    );

    if (prefix === '/ops')
      app.post(
        '/ops/orders/:orderNo/offline-refunds',
        {
          onRequest: requireRole('operator'),
          schema: { tags, params, body: offlineRefundRequest, response: { 200: detailSchema } },
        },
        async (req) => {
          const actor = actorOf(req);
          const now = deps.clock.now();
          return idempotentTx(db, req, actor.userId, async (tx) => {
            const refund = await issueStaffRefund(
              { tx, outbox: deps.outbox, actor: who(actor), now, requestId: req.id },
              req.params.orderNo,
              { any: true },
              {
                kind: 'offline',
                amountFen: req.body.amountFen,
                method: req.body.method,
                reference: req.body.reference,
                note: req.body.note || null,
              },
            );
            return refundDetail(tx, refund, now);
          });
        },
      );
  };
}

export const operatorStaffRefundRoutes = (deps: Deps) => staffRoutes(deps, '/ops');
export const merchantStaffRefundRoutes = (deps: Deps) => staffRoutes(deps, '/merchant');
