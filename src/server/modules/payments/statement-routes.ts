import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  statementList,
  statementParams,
  statementRunDetail,
} from '../../../contracts/statements.js';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { PROVIDER_NAMES } from '../../platform/payment-channels/channel-provider.js';
import {
  listStatementRuns,
  reconcileStatement,
  StatementDownloadError,
  statementRun,
} from './statement-run.js';

/** 对账: the operator's view of each channel's daily statement, and 重新对账 for a day. */
export function statementRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  const tags = ['statements'];
  return async (app) => {
    app.addHook('onRequest', requireRole('operator'));
    app.get(
      '/ops/statements',
      { schema: { tags, response: { 200: statementList } } },
      async () => ({
        channels: PROVIDER_NAMES.filter((name) => deps.channels.get(name) !== null),
        runs: await listStatementRuns(db),
      }),
    );
    app.get(
      '/ops/statements/:provider/:day',
      { schema: { tags, params: statementParams, response: { 200: statementRunDetail } } },
      async (req) => statementRun(db, req.params.provider, req.params.day),
    );
    app.post(
      '/ops/statements/:provider/:day/run',
      { schema: { tags, params: statementParams, response: { 200: statementRunDetail } } },
      async (req) => {
        const actor = actorOf(req);
        try {
          return await reconcileStatement(deps, req.params.provider, req.params.day, {
            id: actor.userId,
            role: actor.role,
            requestId: req.id,
          });
        } catch (err) {
          // The failure is on the day's row for the page; the answer says the provider failed.
          if (err instanceof StatementDownloadError) {
            throw new DomainError('PAYMENT_PROVIDER_UNAVAILABLE');
          }
          throw err;
        }
      },
    );
  };
}
