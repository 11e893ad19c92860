import type { FastifyInstance, FastifyReply } from 'fastify';
import { isPaymentChannel } from './model.js';
import {
  PAGE_CSP,
  renderClosedPage,
  renderNotFoundPage,
  renderPaidPage,
  renderPayPage,
} from './pay-page.js';
import { confirmPayment, type PaymentsContext } from './payments.js';

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/** The hosted checkout page: `GET /pay/:id` and its form `POST /pay/:id/confirm`. */
export function pageRoutes(ctx: PaymentsContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void): void => {
    app.get<{ Params: { id: string } }>('/pay/:id', async (req, reply) => {
      const payment = ctx.store.getPayment(req.params.id);
      if (!payment) return html(reply, 404, renderNotFoundPage());
      switch (payment.status) {
        case 'pending':
          return html(reply, 200, renderPayPage(payment));
        case 'succeeded':
          return html(reply, 200, renderPaidPage(payment));
        case 'voided':
          return html(reply, 200, renderClosedPage(payment));
      }
    });

    app.post<{ Params: { id: string } }>('/pay/:id/confirm', async (req, reply) => {
      const channel = (req.body as Record<string, unknown> | undefined)?.channel;
      if (!isPaymentChannel(channel)) {
        const payment = ctx.store.getPayment(req.params.id);
        if (!payment) return html(reply, 404, renderNotFoundPage());
        if (payment.status === 'pending') {
          return html(
            reply,
            400,
            renderPayPage(payment, { error: '请选择支付方式 · Choose a payment method' }),
          );
        }
        return html(
          reply,
          409,
          payment.status === 'voided' ? renderClosedPage(payment) : renderPaidPage(payment),
        );
      }
      const result = confirmPayment(ctx, req.params.id, channel);
      switch (result.kind) {
        case 'not_found':
          return html(reply, 404, renderNotFoundPage());
        case 'voided':
          return html(reply, 409, renderClosedPage(result.payment));
        case 'succeeded':
          return reply.status(303).header('location', result.payment.returnUrl).send();
      }
    });
    done();
  };
}
