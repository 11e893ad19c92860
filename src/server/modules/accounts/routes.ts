import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  loginRequest,
  passwordResetCodesRequest,
  passwordResetRequest,
  registerCodesRequest,
  registerCodesResponse,
  registerRequest,
  sessionResponse,
  updateMeRequest,
  userResponse,
} from '../../../contracts/accounts.js';
import type { Deps } from '../../deps.js';
import { requestLocale } from '../../platform/http/locale.js';
import { actorOf, endSession, requireRole, startSession } from '../../platform/http/session.js';
import { rememberDevice } from '../../platform/http/known-device.js';
import { accountLimits } from './limits.js';
import { createAccountsService, toUserView } from './service.js';

const tags = ['accounts'];

export function accountsRoutes(deps: Deps): FastifyPluginAsyncZod {
  const accounts = createAccountsService(deps);
  const { db } = deps.database;
  const sessionOpts = {
    clock: deps.clock,
    days: deps.config.sessionDays,
    secure: deps.config.secureCookies,
  };
  const deviceOpts = { secret: deps.config.appSecret, secure: deps.config.secureCookies };

  return async (app) => {
    // After body parsing (preHandler): the limits count accounts and targets named in the body.
    const limits = accountLimits(app, deps);
    app.get('/session', { schema: { tags, response: { 200: sessionResponse } } }, async (req) => {
      if (!req.actor) return { user: null };
      return { user: toUserView(await accounts.getUser(req.actor.userId)) };
    });

    app.post(
      '/auth/register-codes',
      {
        preHandler: limits.registerCodes,
        schema: { tags, body: registerCodesRequest, response: { 202: registerCodesResponse } },
      },
      async (req, reply) => {
        const result = await accounts.requestRegisterCodes(req.body, requestLocale(req));
        return reply.status(202).send(result);
      },
    );

    app.post(
      '/auth/register',
      {
        preHandler: limits.register,
        schema: { tags, body: registerRequest, response: { 201: userResponse } },
      },
      async (req, reply) => {
        const user = await accounts.register(req.body, requestLocale(req));
        await startSession(db, reply, user.id, sessionOpts);
        return reply.status(201).send({ user: toUserView(user) });
      },
    );

    app.post(
      '/auth/login',
      {
        preHandler: limits.login,
        schema: { tags, body: loginRequest, response: { 200: userResponse } },
      },
      async (req, reply) => {
        const user = await accounts.login(req.body.account, req.body.password);
        await startSession(db, reply, user.id, sessionOpts);
        rememberDevice(reply, user.id, deviceOpts);
        return { user: toUserView(user) };
      },
    );

    app.post('/auth/logout', { schema: { tags } }, async (req, reply) => {
      await endSession(db, req, reply);
      return reply.status(204).send();
    });

    app.post(
      '/auth/password-reset-codes',
      { preHandler: limits.resetCodes, schema: { tags, body: passwordResetCodesRequest } },
      async (req, reply) => {
        await accounts.requestPasswordReset(req.body.account, requestLocale(req));
        return reply.status(202).send({ ok: true });
      },
    );

    app.post(
      '/auth/password-reset',
      { preHandler: limits.reset, schema: { tags, body: passwordResetRequest } },
      async (req, reply) => {
        await accounts.resetPassword(req.body.account, req.body.code, req.body.newPassword);
        return reply.status(204).send();
      },
    );

    app.patch(
      '/me',
      {
        onRequest: requireRole(),
        schema: { tags, body: updateMeRequest, response: { 200: userResponse } },
      },
      async (req) => ({ user: toUserView(await accounts.updateMe(actorOf(req).userId, req.body)) }),
    );
  };
}
