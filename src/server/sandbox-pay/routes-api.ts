import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bearerAuth } from './auth.js';
import { sendError } from './http-errors.js';
import { toPaymentJson } from './payment-json.js';
import { createPayment, voidPayment, type PaymentsContext } from './payments.js';

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

const idempotencyKey = z.string().min(1).max(255);
const idParams = z.object({ id: z.string().min(1).max(100) });

/** `/v1/*`: the merchant API. Register with `{ prefix: '/v1' }`. */
export function apiRoutes(ctx: PaymentsContext, apiKey: string) {
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
    done();
  };
}
