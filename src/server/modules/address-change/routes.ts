import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addressChangeOptions as optionsSchema,
  addressChangeRequest,
  addressChangeResponse,
  addressDecisionRequest,
  merchantAddressQueue,
  type AddressChangeResponse,
} from '../../../contracts/address-change.js';
import { orderNo } from '../../../contracts/common.js';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import {
  idempotencyKeyOf,
  idempotentTx,
  requestHash,
  runIdempotent,
} from '../../platform/http/idempotency.js';
import { actorOf, requireRole, type Actor } from '../../platform/http/session.js';
import type { AddressChangeResult } from './change.js';
import { runAddressChange } from './change.js';
import { addressChangeOptions, merchantAddressQueue as queueOf } from './queries.js';
import { addressChangeView } from './views.js';

const tags = ['address-change'];
const orderParams = z.object({ orderNo });

function answer(done: AddressChangeResult): AddressChangeResponse {
  if (!done.request || done.outcome === 'not_due')
    throw new Error('address change without a result');
  return {
    result: done.outcome,
    receiver: done.address,
    request: addressChangeView(done.request, done.order.orderNo),
  };
}

/** 修改地址 for shoppers: what the order allows, and the change. */
export function shopperAddressChangeRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));

    app.get(
      '/orders/:orderNo/address-change',
      { schema: { tags, params: orderParams, response: { 200: optionsSchema } } },
      async (req) =>
        addressChangeOptions(db, req.params.orderNo, { shopperId: actorOf(req).userId }),
    );

    app.post(
      '/orders/:orderNo/address-change',
      {
        schema: {
          tags,
          params: orderParams,
          body: addressChangeRequest,
          response: { 200: addressChangeResponse },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const now = deps.clock.now();
        const result = await runIdempotent(
          db,
          actor.userId,
          idempotencyKeyOf(req),
          requestHash(req),
          async (tx, lastWrite) => {
            const done = await runAddressChange(
              {
                tx,
                outbox: deps.outbox,
                actor: { id: actor.userId, role: 'shopper' },
                now,
                requestId: req.id,
              },
              {
                target: { orderNo: req.params.orderNo },
                scope: { shopperId: actor.userId },
                command: { kind: 'change', address: req.body.address },
              },
              // The plan goes out in one statement with the stored answer.
              { writeWith: lastWrite },
            );
            return { status: 200, body: answer(done) };
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

/** The merchant's open address changes, and the decision. */
export function merchantAddressChangeRoutes(deps: Deps): FastifyPluginAsyncZod {
  const { db } = deps.database;
  return async (app) => {
    app.addHook('onRequest', requireRole('merchant'));

    app.get(
      '/merchant/address-change-requests',
      { schema: { tags, response: { 200: merchantAddressQueue } } },
      async (req) => ({ items: await queueOf(db, shopOf(actorOf(req))) }),
    );

    app.post(
      '/merchant/address-change-requests/:id/decision',
      {
        schema: {
          tags,
          params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
          body: addressDecisionRequest,
          response: { 200: addressChangeResponse },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        const requestId = req.params.id;
        const now = deps.clock.now();
        return idempotentTx(db, req, actor.userId, async (tx) =>
          answer(
            await runAddressChange(
              {
                tx,
                outbox: deps.outbox,
                actor: { id: actor.userId, role: 'merchant' },
                now,
                requestId: req.id,
              },
              {
                target: { requestId },
                scope: { shopId: shopOf(actor) },
                command:
                  req.body.decision === 'refuse'
                    ? {
                        kind: 'decide',
                        requestId,
                        decision: 'refuse',
                        reason: req.body.reason ?? '',
                      }
                    : { kind: 'decide', requestId, decision: 'accept' },
              },
            ),
          ),
        );
      },
    );
  };
}
