import type { FastifyInstance } from 'fastify';
import { bearerAuth } from './auth.js';
import { toPaymentJson } from './payment-json.js';
import type { SandboxStore } from './store.js';

/** `/admin/*`: inspection for tests and demos. Register with `{ prefix: '/admin' }`. */
export function adminRoutes(store: SandboxStore, publicUrl: string, apiKey: string) {
  return (app: FastifyInstance, _opts: unknown, done: () => void): void => {
    app.addHook('onRequest', bearerAuth(apiKey));

    app.get('/payments', (_req, reply) =>
      reply.send({
        data: store.listPayments().map((p) => toPaymentJson(p, publicUrl)),
      }),
    );

    app.get('/webhook-deliveries', (_req, reply) =>
      reply.send({
        data: store.listDeliveries().map((d) => ({
          id: d.id,
          event_id: d.eventId,
          event_type: d.eventType,
          resource_id: d.resourceId,
          url: d.url,
          body: d.body,
          status: d.status,
          attempts: d.attempts,
          next_attempt_at: d.status === 'pending' ? new Date(d.nextAttemptAt).toISOString() : null,
          last_attempt_at: d.lastAttemptAt,
          last_status_code: d.lastStatusCode,
          last_error: d.lastError,
          created_at: d.createdAt,
          delivered_at: d.deliveredAt,
        })),
      }),
    );
    done();
  };
}
