import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bearerAuth } from './auth.js';
import type { SandboxContext } from './context.js';
import {
  REFUND_CREATE_FAULTS,
  applyFaultsPatch,
  noFaults,
  toFaultsJson,
  type FaultsPatch,
} from './faults.js';
import { sendError } from './http-errors.js';
import { REFUND_FAILURE_REASONS, type LedgerEntry } from './model.js';
import { toPaymentJson } from './payment-json.js';
import { toRefundJson } from './refund-json.js';

const faultsPatch = z.strictObject({
  refund_create: z.enum(REFUND_CREATE_FAULTS).nullable().optional(),
  refund_outcome: z.enum(REFUND_FAILURE_REASONS).nullable().optional(),
  webhooks: z
    .strictObject({
      duplicate: z.number().int().min(1).max(20).optional(),
      drop: z.boolean().optional(),
      shuffle: z.boolean().optional(),
      delay_ms: z.number().int().min(0).max(3_600_000).optional(),
    })
    .optional(),
});

function ledgerJson(e: LedgerEntry) {
  return {
    id: e.id,
    kind: e.kind,
    refund_id: e.refundId,
    payment_id: e.paymentId,
    amount_fen: e.amountFen,
    created_at: e.createdAt,
  };
}

/** `/admin/*`: inspection and fault control for tests and demos. Register with `{ prefix: '/admin' }`. */
export function adminRoutes(ctx: SandboxContext, apiKey: string) {
  const { store, publicUrl } = ctx;
  return (app: FastifyInstance, _opts: unknown, done: () => void): void => {
    app.addHook('onRequest', bearerAuth(apiKey));

    app.get('/payments', (_req, reply) =>
      reply.send({
        data: store.listPayments().map((p) => toPaymentJson(p, publicUrl)),
      }),
    );

    /** Every refund with its money movements: `movements` (debits, 1 per accepted refund) and `reversals`. */
    app.get('/refunds', (_req, reply) => {
      const counts = new Map<string, { movements: number; reversals: number }>();
      for (const e of store.listLedger()) {
        const c = counts.get(e.refundId) ?? { movements: 0, reversals: 0 };
        if (e.kind === 'refund_debit') c.movements++;
        else c.reversals++;
        counts.set(e.refundId, c);
      }
      return reply.send({
        data: store.listRefunds().map((r) => ({
          ...toRefundJson(r),
          ...(counts.get(r.id) ?? { movements: 0, reversals: 0 }),
        })),
      });
    });

    app.get('/ledger', (_req, reply) => reply.send({ data: store.listLedger().map(ledgerJson) }));

    app.get('/faults', (_req, reply) => reply.send(toFaultsJson(ctx.faults)));

    app.post('/faults', (req, reply) => {
      const patch = faultsPatch.safeParse(req.body ?? {});
      if (!patch.success) {
        return sendError(reply, 400, 'invalid_request', z.prettifyError(patch.error));
      }
      ctx.faults = applyFaultsPatch(ctx.faults, patch.data satisfies FaultsPatch);
      return reply.send(toFaultsJson(ctx.faults));
    });

    app.delete('/faults', (_req, reply) => {
      ctx.faults = noFaults();
      return reply.send(toFaultsJson(ctx.faults));
    });

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
