import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { payRequest, payResponse } from '../../../contracts/orders.js';
import { unmatchedProviderRefundList } from '../../../contracts/refunds.js';
import { orderNo } from '../../../contracts/common.js';
import { idempotencyKeyOf } from '../../platform/http/idempotency.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { ProviderWebhookError } from '../../platform/payment-provider/payment-provider.js';
import { createPaymentsService } from './service.js';
import { unmatchedRefunds } from './provider-refunds.js';
import { PROVIDER_NAMES } from '../../platform/payment-channels/channel-provider.js';
import { notifyPath, SANDBOX } from '../../platform/payment-channels/registry.js';

/** Signed webhooks from the payment provider. The HMAC covers the raw body, so keep it raw. */
export function paymentWebhookRoutes(deps: Deps): FastifyPluginAsyncZod {
  const service = createPaymentsService(deps);
  return async (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    const rejected = (reason: string) =>
      deps.metrics.webhookRejects.inc({ source: 'sandbox-pay', reason });
    // Alipay and UnionPay post forms, WeChat Pay JSON: both kept raw for verification.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, body),
    );
    app.post(
      notifyPath(SANDBOX),
      { config: { csrf: false }, schema: { hide: true } },
      async (req) => {
        if (typeof req.body !== 'string') {
          rejected('malformed');
          throw new DomainError('VALIDATION_FAILED');
        }
        let event;
        try {
          event = deps.payments.parseWebhook(req.body, req.headers, deps.clock.now());
        } catch (err) {
          if (err instanceof ProviderWebhookError) {
            req.log.warn({ reason: err.reason }, 'webhook rejected');
            rejected(err.reason);
            throw new DomainError(
              err.reason === 'stale' ? 'WEBHOOK_STALE' : 'WEBHOOK_SIGNATURE_INVALID',
            );
          }
          throw err;
        }
        try {
          const outcome = await service.handleEvent(event);
          return { received: true, outcome };
        } catch (err) {
          // Refused so the provider delivers it again (a refund whose answer is not yet stored).
          if (err instanceof DomainError) rejected(err.code.toLowerCase());
          throw err;
        }
      },
    );

    // One notify route per real channel; a channel not configured here answers NOT_FOUND.
    app.post(
      '/webhooks/:provider',
      {
        config: { csrf: false },
        schema: {
          tags: ['payments'],
          params: z.object({ provider: z.enum(PROVIDER_NAMES) }),
        },
      },
      async (req, reply) => {
        const { answer, outcome } = await service.handleChannelNotify(req.params.provider, {
          rawBody: typeof req.body === 'string' ? req.body : '',
          headers: req.headers,
        });
        req.log.info({ provider: req.params.provider, outcome }, 'payment notify');
        reply.code(answer.status);
        if (answer.contentType) reply.type(answer.contentType);
        return reply.send(answer.status === 204 ? undefined : answer.body);
      },
    );
  };
}

/** 去支付: the provider's pay page for a shopper's order. */
export function shopperPaymentRoutes(deps: Deps): FastifyPluginAsyncZod {
  const payments = createPaymentsService(deps);
  return async (app) => {
    app.addHook('onRequest', requireRole('shopper'));
    app.post(
      '/orders/:orderNo/pay',
      {
        schema: {
          tags: ['orders'],
          params: z.object({ orderNo }),
          // The web app's 去支付 sends no body, which Fastify hands over as null.
          body: payRequest.nullish(),
          response: { 200: payResponse },
        },
      },
      async (req) => {
        // Idempotent by design: one pending payment per order, created under a stored key.
        idempotencyKeyOf(req);
        const choice = req.body ?? {};
        return payments.startPayment(actorOf(req).userId, req.params.orderNo, {
          ...(choice.provider ? { provider: choice.provider } : {}),
          ...(choice.scene ? { scene: choice.scene } : {}),
          clientIp: req.ip,
        });
      },
    );
  };
}

/** Staff: refunds a provider notified us of that matched no order (made in its dashboard). */
export function operatorPaymentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', requireRole('operator'));
    app.get(
      '/ops/provider-refunds',
      { schema: { tags: ['payments'], response: { 200: unmatchedProviderRefundList } } },
      async () => {
        const rows = await unmatchedRefunds(deps.database.db);
        return {
          items: rows.map((r) => ({
            id: r.id,
            provider: r.provider,
            merchantOrderNo: r.merchantOrderNo,
            refundKey: r.refundKey,
            providerRefundId: r.providerRefundId,
            amountFen: r.amountFen,
            status: r.status,
            receivedAt: r.receivedAt.toISOString(),
          })),
        };
      },
    );
  };
}
