import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bearerAuth } from './auth.js';
import { sendError } from './http-errors.js';
import type { HungRequests } from './hang.js';
import { toPaymentJson } from './payment-json.js';
import { createPayment, voidPayment, type PaymentsContext } from './payments.js';
import { toRefundJson } from './refund-json.js';
import { createRefund } from './refunds.js';

/** http(s) only (it ends up in an href and a Location header), stored normalized. */
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .transform((u) => new URL(u).href);

const createPaymentBody = z.object({
  amount_fen: z.number().int().positive(),
  currency: z.literal('CNY'),
  merchant_order_no: z.string().trim().min(1).max(64),
  description: z.string().max(256),
  return_url: httpUrl,
  notify_url: httpUrl,
});

const refundDestination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('original') }),
  z.object({ type: z.literal('balance'), account_ref: z.string().trim().min(1).max(64) }),
  z.object({
    type: z.literal('bank_account'),
    bank: z.string().trim().min(1).max(64),
    account_no: z
      .string()
      .transform((s) => s.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{8,30}$/, 'account_no must be 8-30 digits')),
  }),
]);

const createRefundBody = z.object({
  payment_id: z.string().min(1).max(100),
  amount_fen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  reason: z.string().max(256).nullish(),
  notify_url: httpUrl,
  destination: refundDestination.optional(),
});

const listRefundsQuery = z.object({ payment_id: z.string().min(1).max(100).optional() });

const idempotencyKey = z.string().min(1).max(255);
const idParams = z.object({ id: z.string().min(1).max(100) });

/** `/v1/*`: the merchant API. Register with `{ prefix: '/v1' }`. */
export function apiRoutes(ctx: PaymentsContext, apiKey: string, hung: HungRequests) {
  return (app: FastifyInstance, _opts: unknown, done: () => void): void => {
    app.addHook('onRequest', bearerAuth(apiKey));

    app.post('/payments', async (req, reply) => {
      const key = idempotencyKey.safeParse(req.headers['idempotency-key']);
      if (!key.success) {
        return sendError(
          reply,
          400,
          'idempotency_key_missing',
          'Idempotency-Key header is required',
        );
      }
      const body = createPaymentBody.safeParse(req.body);
      if (!body.success) {
        return sendError(reply, 400, 'invalid_request', z.prettifyError(body.error));
      }
      const result = createPayment(ctx, key.data, body.data);
      if (result.kind === 'idempotency_key_reused') {
        return sendError(
          reply,
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request body',
        );
      }
      if (result.kind === 'replayed') reply.header('idempotent-replayed', 'true');
      return reply
        .status(result.kind === 'created' ? 201 : 200)
        .send(toPaymentJson(result.payment, ctx.publicUrl));
    });

    app.get('/payments/:id', async (req, reply) => {
      const params = idParams.safeParse(req.params);
      const payment = params.success ? ctx.store.getPayment(params.data.id) : undefined;
      if (!payment) return sendError(reply, 404, 'payment_not_found', 'No such payment');
      return reply.send(toPaymentJson(payment, ctx.publicUrl));
    });

    app.post('/payments/:id/void', async (req, reply) => {
      const params = idParams.safeParse(req.params);
      if (!params.success) return sendError(reply, 404, 'payment_not_found', 'No such payment');
      const result = voidPayment(ctx, params.data.id);
      switch (result.kind) {
        case 'not_found':
          return sendError(reply, 404, 'payment_not_found', 'No such payment');
        case 'already_succeeded':
          return sendError(
            reply,
            409,
            'payment_already_succeeded',
            'A succeeded payment cannot be voided',
          );
        case 'voided':
          return reply.send(toPaymentJson(result.payment, ctx.publicUrl));
      }
    });
    app.post('/refunds', async (req, reply) => {
      const key = idempotencyKey.safeParse(req.headers['idempotency-key']);
      if (!key.success) {
        return sendError(
          reply,
          400,
          'idempotency_key_missing',
          'Idempotency-Key header is required',
        );
      }
      const body = createRefundBody.safeParse(req.body);
      if (!body.success) {
        return sendError(reply, 400, 'invalid_request', z.prettifyError(body.error));
      }
      const result = createRefund(ctx, key.data, body.data);
      switch (result.kind) {
        case 'simulated_error':
          return sendError(reply, 500, 'internal_error', 'Internal error (simulated)');
        case 'idempotency_key_reused':
          return sendError(
            reply,
            422,
            'idempotency_key_reused',
            'This Idempotency-Key was already used with a different request body',
          );
        case 'payment_not_found':
          return sendError(reply, 404, 'payment_not_found', 'No such payment');
        case 'payment_not_paid':
          return sendError(
            reply,
            409,
            'payment_not_paid',
            `Only a succeeded payment can be refunded (this one is ${result.payment.status})`,
          );
        case 'amount_exceeds_refundable':
          return sendError(
            reply,
            422,
            'amount_exceeds_refundable',
            `At most ${result.refundableFen} fen can still be refunded on this payment`,
          );
        case 'replayed':
          reply.header('idempotent-replayed', 'true');
          return reply.status(200).send(toRefundJson(result.refund));
        case 'created':
          if (result.hang) {
            hung.hold(req, reply);
            return reply;
          }
          return reply.status(201).send(toRefundJson(result.refund));
      }
    });

    app.get('/refunds/:id', async (req, reply) => {
      const params = idParams.safeParse(req.params);
      const refund = params.success ? ctx.store.getRefund(params.data.id) : undefined;
      if (!refund) return sendError(reply, 404, 'refund_not_found', 'No such refund');
      return reply.send(toRefundJson(refund));
    });

    app.get('/refunds', async (req, reply) => {
      const query = listRefundsQuery.safeParse(req.query);
      if (!query.success) {
        return sendError(reply, 400, 'invalid_request', z.prettifyError(query.error));
      }
      const paymentId = query.data.payment_id;
      return reply.send({
        data: ctx.store
          .listRefunds()
          .filter((r) => paymentId === undefined || r.paymentId === paymentId)
          .map(toRefundJson),
      });
    });
    done();
  };
}
