import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cancellationsByDay,
  dashboardQuery,
  productCancelRates as productSchema,
  refundProblems as problemsSchema,
  refundTimes,
  slaCompliance as slaSchema,
  type DashboardQuery,
} from '../../../contracts/dashboards.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import type { FastifyRequest } from 'fastify';
import { cancellationSettings } from '../settings/service.js';
import {
  cancellationsPerDay,
  productCancelRates,
  refundProblems,
  refundTimesByChannel,
  slaCompliance,
} from './dashboard-queries.js';

/** Merchants see their own shop whatever they ask for; operators any shop or all. */
function scoped(req: FastifyRequest, q: DashboardQuery): DashboardQuery {
  const actor = actorOf(req);
  return actor.role === 'merchant' && actor.shopId !== null ? { ...q, shopId: actor.shopId } : q;
}

/** 数据看板: operators (all shops or one), merchants (their shop). */
export function dashboardRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const tags = ['dashboards'];
  return async (app) => {
    app.addHook('onRequest', requireRole('operator', 'merchant'));
    app.get(
      '/ops/dashboards/cancellations',
      { schema: { tags, querystring: dashboardQuery, response: { 200: cancellationsByDay } } },
      async (req) => {
        const q = scoped(req, req.query);
        const [rows, settings] = await Promise.all([
          cancellationsPerDay(db, q),
          cancellationSettings(db),
        ]);
        return {
          rows,
          reasons: settings.reasons.map(({ code, zh, en }) => ({ code, zh, en })),
          total: rows.reduce((n, r) => n + r.count, 0),
        };
      },
    );
    app.get(
      '/ops/dashboards/products',
      { schema: { tags, querystring: dashboardQuery, response: { 200: productSchema } } },
      async (req) => productCancelRates(db, scoped(req, req.query)),
    );
    app.get(
      '/ops/dashboards/refund-times',
      { schema: { tags, querystring: dashboardQuery, response: { 200: refundTimes } } },
      async (req) => ({ rows: await refundTimesByChannel(db, scoped(req, req.query)) }),
    );
    app.get(
      '/ops/dashboards/sla',
      { schema: { tags, querystring: dashboardQuery, response: { 200: slaSchema } } },
      async (req) => {
        const settings = await cancellationSettings(db);
        return slaCompliance(
          db,
          scoped(req, req.query),
          deps.clock.now(),
          settings.refundReviewSlaHours,
        );
      },
    );
    app.get(
      '/ops/dashboards/refund-problems',
      { schema: { tags, querystring: dashboardQuery, response: { 200: problemsSchema } } },
      async (req) => refundProblems(db, scoped(req, req.query), deps.clock.now()),
    );
  };
}
