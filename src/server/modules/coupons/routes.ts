import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  couponList,
  couponView as couponViewSchema,
  createCouponRequest,
  issueCouponRequest,
  issueCouponResponse,
  myCoupons as myCouponsSchema,
  myCouponsQuery,
} from '../../../contracts/coupons.js';
import { id } from '../../../contracts/common.js';
import type { Deps } from '../../deps.js';
import { withTx } from '../../platform/db/tx.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import { createCoupon, issueCoupon, listCoupons, type CouponScope } from './admin.js';
import { myCoupons } from './mine.js';
import { couponView } from './views.js';

const tags = ['coupons'];

/** 我的优惠券. */
export function shopperCouponRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));
    app.get(
      '/coupons',
      { schema: { tags, querystring: myCouponsQuery, response: { 200: myCouponsSchema } } },
      async (req) => ({
        items: await myCoupons(db, actorOf(req).userId, req.query.state, deps.clock.now()),
      }),
    );
  };
}

/** Creating and issuing coupons: operators for the platform or any shop, merchants for theirs. */
function staffCouponRoutes(deps: Deps, prefix: '/ops' | '/merchant'): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const scopeOf = (actor: Actor): CouponScope =>
    prefix === '/merchant' ? { shopId: actor.shopId ?? 0 } : { any: true };
  const who = (actor: Actor) => ({ id: actor.userId, role: actor.role });
  return async (app) => {
    app.addHook(
      'onRequest',
      prefix === '/merchant' ? requireRole('merchant') : requireRole('operator'),
    );

    app.get(
      `${prefix}/coupons`,
      { schema: { tags, response: { 200: couponList } } },
      async (req) => {
        const rows = await listCoupons(db, scopeOf(actorOf(req)));
        return { items: rows.map(couponView) };
      },
    );

    app.post(
      `${prefix}/coupons`,
      { schema: { tags, body: createCouponRequest, response: { 201: couponViewSchema } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const row = await withTx(db, (tx) =>
          createCoupon(tx, who(actor), scopeOf(actor), req.body, req.id),
        );
        return reply.status(201).send(couponView(row));
      },
    );

    app.post(
      `${prefix}/coupons/:id/issue`,
      {
        schema: {
          tags,
          params: z.object({ id }),
          body: issueCouponRequest,
          response: { 200: issueCouponResponse },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        return withTx(db, (tx) =>
          issueCoupon(
            tx,
            who(actor),
            scopeOf(actor),
            req.params.id,
            req.body,
            deps.clock.now(),
            req.id,
          ),
        );
      },
    );
  };
}

export const operatorCouponRoutes = (deps: Deps) => staffCouponRoutes(deps, '/ops');
export const merchantCouponRoutes = (deps: Deps) => staffCouponRoutes(deps, '/merchant');
