import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import type { Deps } from '../../deps.js';
import { ProviderWebhookError } from './provider/payment-provider.js';
import { createPaymentsService } from './service.js';

/** Signed webhooks from the payment provider. The HMAC covers the raw body, so keep it raw. */
export function paymentWebhookRoutes(deps: Deps): FastifyPluginAsyncZod {
  const service = createPaymentsService(deps);
  return async (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    app.post('/webhooks/sandbox-pay', { schema: { hide: true } }, async (req) => {
      if (typeof req.body !== 'string') throw new DomainError('VALIDATION_FAILED');
      let event;
      try {
        event = deps.payments.parseWebhook(req.body, req.headers, deps.clock.now());
      } catch (err) {
        if (err instanceof ProviderWebhookError) {
          req.log.warn({ reason: err.reason }, 'webhook rejected');
          throw new DomainError(
            err.reason === 'stale' ? 'WEBHOOK_STALE' : 'WEBHOOK_SIGNATURE_INVALID',
          );
        }
        throw err;
      }
      const outcome = await service.handleEvent(event);
      return { received: true, outcome };
    });
  };
}
