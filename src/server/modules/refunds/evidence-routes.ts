import fs from 'node:fs';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DomainError } from '../../../domain/errors.js';
import { evidenceList, evidenceRequest, evidenceView } from '../../../contracts/refunds.js';
import type { Deps } from '../../deps.js';
import { actorOf, requireRole } from '../../platform/http/session.js';
import {
  addEvidence,
  EVIDENCE_MAX_BYTES,
  evidenceOf,
  evidencePath,
  findEvidence,
  requestEvidence,
  visibleRefund,
  type EvidenceRow,
} from './evidence.js';

const refundParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
const fileParams = refundParams.extend({
  evidenceId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

function view(e: EvidenceRow) {
  return {
    id: e.id,
    fileName: e.fileName,
    mime: e.mime,
    sizeBytes: e.sizeBytes,
    createdAt: e.createdAt.toISOString(),
    url: `/api/v1/refunds/${e.refundId}/evidence/${e.id}`,
  };
}

/** Evidence for refunds under review: upload (shopper), list and download (shopper and staff). */
export function evidenceRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 2, parts: 3 },
    });
    app.addHook('onRequest', requireRole());

    app.post(
      '/refunds/:id/evidence',
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: { tags: ['refunds'], params: refundParams, response: { 201: evidenceView } },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        // Shoppers their evidence; operators the receipt of a 线下退款 (checked under its lock).
        if (actor.role !== 'shopper' && actor.role !== 'operator')
          throw new DomainError('FORBIDDEN');
        await visibleRefund(deps, actor, req.params.id);
        if (!req.isMultipart()) throw new DomainError('VALIDATION_FAILED', { field: 'file' });
        const file = await req.file();
        if (!file) throw new DomainError('VALIDATION_FAILED', { field: 'file' });
        const tooLarge = async (): Promise<never> => {
          // Read the rest of the upload before answering, so the browser sees the 413 rather
          // than a connection closed mid-send. Bounded: at most a few seconds.
          await new Promise<void>((resolve) => {
            const done = () => resolve();
            req.raw.once('end', done).once('close', done).resume();
            setTimeout(done, 5_000).unref();
          });
          throw new DomainError('EVIDENCE_TOO_LARGE');
        };
        const data = await file.toBuffer().catch(async (err: unknown) => {
          if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
          return tooLarge();
        });
        // When the limit falls on the last chunk, toBuffer returns the cut-off bytes instead of
        // throwing: without this a file over 10 MB was stored, silently truncated to 10 MB.
        if (file.file.truncated) await tooLarge();
        const row = await addEvidence(deps, {
          refundId: req.params.id,
          uploader: { id: actor.userId, role: actor.role },
          fileName: file.filename,
          data,
        });
        return reply.status(201).send(view(row));
      },
    );

    app.get(
      '/refunds/:id/evidence',
      { schema: { tags: ['refunds'], params: refundParams, response: { 200: evidenceList } } },
      async (req) => {
        const refund = await visibleRefund(deps, actorOf(req), req.params.id);
        return { items: (await evidenceOf(deps, refund.id)).map(view) };
      },
    );

    app.get(
      '/refunds/:id/evidence/:evidenceId',
      { schema: { tags: ['refunds'], params: fileParams } },
      async (req, reply) => {
        const refund = await visibleRefund(deps, actorOf(req), req.params.id);
        const row = await findEvidence(deps, refund.id, req.params.evidenceId);
        // Served as a download of the type we detected, never rendered as a page of ours.
        return reply
          .header('content-type', row.mime)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(fs.createReadStream(evidencePath(deps, row)));
      },
    );

    app.post(
      '/refunds/:id/evidence-request',
      {
        onRequest: requireRole('operator', 'merchant'),
        schema: { tags: ['refunds'], params: refundParams, body: evidenceRequest },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        await visibleRefund(deps, actor, req.params.id);
        await requestEvidence(deps, {
          refundId: req.params.id,
          actor,
          note: req.body.note,
          requestId: req.id,
        });
        return reply.status(204).send();
      },
    );
  };
}
