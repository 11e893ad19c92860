import { verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import {
  newRefundDestination,
  refundDecision,
  refundDetail as detailSchema,
  refundList,
  refundReviewQuery,
  staffPayoutRequest,
} from '../../../contracts/refunds.js';
import type { Deps } from '../../deps.js';
import { audit } from '../../platform/audit.js';
import { withTx } from '../../platform/db/tx.js';
import { idempotentTx } from '../../platform/http/idempotency.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { findOrder } from '../orders/lock.js';
import { queryRefundAtProvider } from './channel-refunds.js';
import { applyProviderRefund } from './provider-sync.js';
import {
  ownRefund,
  passwordHashOf,
  recordRefundQuery,
  refundQueue,
  shopperRefunds,
} from './queries.js';
import { reviewRefund } from './review.js';
import { recordStaffPayout } from './staff-payout.js';
import { lockRefund, transitionRefund } from './transition.js';
import { refundDetail, refundDetails } from './views.js';

const tags = ['refunds'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The shopper's refunds: detail with timeline, 催一下, and a new destination after a failure. */
export function shopperRefundRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));

    app.get(
      '/refunds',
      {
        schema: {
          tags,
          querystring: z.object({
            orderNo: z
              .string()
              .regex(/^\d{18}$/)
              .optional(),
          }),
          response: { 200: refundList },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const order = req.query.orderNo
          ? await findOrder(db, req.query.orderNo, { shopperId: actor.userId })
          : null;
        const rows = await shopperRefunds(db, actor.userId, order?.id ?? null);
        return { items: await refundDetails(db, rows, deps.clock.now()) };
      },
    );

    app.get(
      '/refunds/:id',
      { schema: { tags, params: idParams, response: { 200: detailSchema } } },
      async (req) =>
        refundDetail(db, await ownRefund(db, actorOf(req).userId, req.params.id), deps.clock.now()),
    );

    app.post(
      '/refunds/:id/nudge',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags, params: idParams, response: { 200: detailSchema } },
      },
      async (req) => {
        const actor = actorOf(req);
        const refund = await ownRefund(db, actor.userId, req.params.id);
        const now = deps.clock.now();
        // Ask the provider now; the answer is applied and the query kept for support.
        const remote = refund.providerRefundId
          ? await queryRefundAtProvider(deps, refund).catch(() => null)
          : null;
        await withTx(db, async (tx) => {
          if (remote) await applyProviderRefund(tx, deps.outbox, remote, now);
          await recordRefundQuery(tx, {
            refundId: refund.id,
            actorId: actor.userId,
            actorRole: actor.role,
            providerStatus: remote?.status ?? null,
            at: now,
          });
          await audit(tx, {
            actorId: actor.userId,
            actorRole: actor.role,
            action: 'refund.query',
            entityType: 'refund',
            entityId: refund.id,
            orderId: refund.orderId,
            after: { providerStatus: remote?.status ?? null },
          });
        });
        return refundDetail(db, await ownRefund(db, actor.userId, refund.id), now);
      },
    );

    app.post(
      '/refunds/:id/destination',
      {
        config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
        schema: {
          tags,
          params: idParams,
          body: newRefundDestination,
          response: { 200: detailSchema },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        await ownRefund(db, actor.userId, req.params.id);
        // Money is about to go somewhere new: the shopper proves it is them again.
        const hash = await passwordHashOf(db, actor.userId);
        const ok = hash ? await verify(hash, req.body.password).catch(() => false) : false;
        if (!ok) throw new DomainError('INVALID_CREDENTIALS');
        const now = deps.clock.now();
        const destination =
          req.body.destination.type === 'balance'
            ? { type: 'balance' as const, accountRef: `btp-balance-${actor.userId}` }
            : req.body.destination;
        return idempotentTx(db, req, actor.userId, async (tx) => {
          const refund = await lockRefund(tx, req.params.id);
          if (!refund) throw new DomainError('REFUND_NOT_FOUND');
          const next = await transitionRefund(tx, deps.outbox, refund, 'new_destination', {
            actor: { id: actor.userId, role: 'shopper' },
            now,
            reason: destination.type,
            requestId: req.id,
            // A new attempt under a new provider key; the failed one stays in the provider's books.
            set: {
              destination,
              attempt: refund.attempt + 1,
              providerKey: null,
              providerRefundId: null,
              failureReason: null,
            },
          });
          if (!next) throw new DomainError('REFUND_DESTINATION_NOT_ALLOWED');
          return refundDetail(tx, next, now);
        });
      },
    );
  };
}

function staffRefundRoutes(deps: Deps, prefix: '/ops' | '/merchant'): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const scopeOf = (actor: Actor) => (prefix === '/merchant' ? actor.shopId : null);
  return async (app) => {
    app.addHook('onRequest', requireRole(prefix === '/merchant' ? 'merchant' : 'operator'));

    app.get(
      `${prefix}/refunds`,
      { schema: { tags, querystring: refundReviewQuery, response: { 200: refundList } } },
      async (req) => {
        const shopId = scopeOf(actorOf(req));
        const rows = await refundQueue(db, req.query.status, shopId);
        return { items: await refundDetails(db, rows, deps.clock.now()) };
      },
    );

    app.post(
      `${prefix}/refunds/:id/decision`,
      { schema: { tags, params: idParams, body: refundDecision, response: { 200: detailSchema } } },
      async (req) => {
        const actor = actorOf(req);
        if (req.body.decision === 'reject' && !req.body.reason)
          throw new DomainError('CANCEL_REASON_TEXT_REQUIRED');
        const shopId = scopeOf(actor);
        const now = deps.clock.now();
        return idempotentTx(db, req, actor.userId, async (tx) => {
          const updated = await reviewRefund(
            tx,
            deps.outbox,
            req.params.id,
            (r) => shopId === null || r.shopId === shopId,
            req.body.decision === 'reject'
              ? { decision: 'reject', reason: req.body.reason ?? '' }
              : { decision: 'approve' },
            { actor: { id: actor.userId, role: actor.role }, now, requestId: req.id },
          );
          return refundDetail(tx, updated, now);
        });
      },
    );
  };
}

/** 记录线下打款 (operators): the transfer staff made for a refund the channel could not pay. */
export function staffPayoutRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('operator'));
    app.post(
      '/ops/refunds/:id/staff-payout',
      {
        schema: {
          tags,
          params: idParams,
          body: staffPayoutRequest,
          response: { 200: detailSchema },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const now = deps.clock.now();
        return idempotentTx(db, req, actor.userId, async (tx) => {
          const paid = await recordStaffPayout(
            tx,
            deps.outbox,
            req.params.id,
            { reference: req.body.reference, note: req.body.note || null },
            { actor: { id: actor.userId, role: actor.role }, now, requestId: req.id },
          );
          return refundDetail(tx, paid, now);
        });
      },
    );
  };
}

export const operatorRefundRoutes = (deps: Deps) => staffRefundRoutes(deps, '/ops');
export const merchantRefundRoutes = (deps: Deps) => staffRefundRoutes(deps, '/merchant');
