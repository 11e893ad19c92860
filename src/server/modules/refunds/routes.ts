import { verify } from '@node-rs/argon2';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import {
  newRefundDestination,
  refundDecision,
  refundDetail as detailSchema,
  refundList,
  refundReviewQuery,
} from '../../../contracts/refunds.js';
import type { Deps } from '../../deps.js';
import { audit } from '../../platform/audit.js';
import { withTx } from '../../platform/db/tx.js';
import { refundQueries, refunds, users } from '../../platform/db/schema/index.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { findOrder } from '../orders/lock.js';
import type { RefundRow } from './create.js';
import { applyProviderRefund } from './provider-sync.js';
import { reviewRefund } from './review.js';
import { lockRefund, transitionRefund } from './transition.js';
import { refundDetail, refundDetails } from './views.js';

const tags = ['refunds'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

async function ownRefund(deps: Deps, actor: Actor, id: number): Promise<RefundRow> {
  const [row] = await deps.database.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.id, id), eq(refunds.shopperId, actor.userId)));
  if (!row) throw new DomainError('REFUND_NOT_FOUND');
  return row;
}

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
        const rows = await db
          .select()
          .from(refunds)
          .where(
            and(
              eq(refunds.shopperId, actor.userId),
              order ? eq(refunds.orderId, order.id) : undefined,
            ),
          )
          .orderBy(desc(refunds.id))
          .limit(50);
        return { items: await refundDetails(db, rows, deps.clock.now()) };
      },
    );

    app.get(
      '/refunds/:id',
      { schema: { tags, params: idParams, response: { 200: detailSchema } } },
      async (req) =>
        refundDetail(db, await ownRefund(deps, actorOf(req), req.params.id), deps.clock.now()),
    );

    app.post(
      '/refunds/:id/nudge',
      {
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: { tags, params: idParams, response: { 200: detailSchema } },
      },
      async (req) => {
        const actor = actorOf(req);
        const refund = await ownRefund(deps, actor, req.params.id);
        const now = deps.clock.now();
        // Ask the provider now; the answer is applied and the query kept for support.
        const remote = refund.providerRefundId
          ? await deps.payments.getRefund(refund.providerRefundId).catch(() => null)
          : null;
        await withTx(db, async (tx) => {
          if (remote) await applyProviderRefund(tx, deps.outbox, remote, now);
          await tx.insert(refundQueries).values({
            refundId: refund.id,
            actorId: actor.userId,
            actorRole: actor.role,
            providerStatus: remote?.status ?? null,
            createdAt: now,
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
        return refundDetail(db, await ownRefund(deps, actor, refund.id), now);
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
        await ownRefund(deps, actor, req.params.id);
        // Money is about to go somewhere new: the shopper proves it is them again.
        const [user] = await db
          .select({ hash: users.passwordHash })
          .from(users)
          .where(eq(users.id, actor.userId));
        const ok = user ? await verify(user.hash, req.body.password).catch(() => false) : false;
        if (!ok) throw new DomainError('INVALID_CREDENTIALS');
        const now = deps.clock.now();
        const destination =
          req.body.destination.type === 'balance'
            ? { type: 'balance' as const, accountRef: `btp-balance-${actor.userId}` }
            : req.body.destination;
        const updated = await withTx(db, async (tx) => {
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
          return next;
        });
        return refundDetail(db, updated, now);
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
        const rows = await db
          .select()
          .from(refunds)
          .where(
            and(
              eq(refunds.status, req.query.status),
              shopId !== null ? eq(refunds.shopId, shopId) : undefined,
            ),
          )
          .orderBy(refunds.createdAt)
          .limit(200);
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
        const updated = await withTx(db, (tx) =>
          reviewRefund(
            tx,
            deps.outbox,
            req.params.id,
            (r) => shopId === null || r.shopId === shopId,
            req.body.decision === 'reject'
              ? { decision: 'reject', reason: req.body.reason ?? '' }
              : { decision: 'approve' },
            { actor: { id: actor.userId, role: actor.role }, now, requestId: req.id },
          ),
        );
        return refundDetail(db, updated, now);
      },
    );
  };
}

export const operatorRefundRoutes = (deps: Deps) => staffRefundRoutes(deps, '/ops');
export const merchantRefundRoutes = (deps: Deps) => staffRefundRoutes(deps, '/merchant');
