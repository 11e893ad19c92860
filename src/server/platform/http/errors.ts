import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, ERRORS, type DomainErrorCode } from '../../../domain/errors.js';
import { requestLocale } from './locale.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

export function errorBody(
  req: FastifyRequest,
  code: DomainErrorCode,
  details?: unknown,
): { status: number; body: ErrorBody } {
  const entry = ERRORS[code];
  const locale = requestLocale(req);
  return {
    status: entry.status,
    body: {
      error: {
        code,
        message: locale === 'en' ? entry.en : entry.zh,
        ...(details === undefined ? {} : { details }),
        requestId: req.id,
      },
    },
  };
}

export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  code: DomainErrorCode,
  details?: unknown,
): FastifyReply {
  const { status, body } = errorBody(req, code, details);
  return reply.status(status).send(body);
}

/** Maps a Fastify framework error code to ours; undefined for unexpected errors. */
function frameworkCode(err: FastifyError): DomainErrorCode | undefined {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'PAYLOAD_TOO_LARGE';
  if (err.code?.startsWith('FST_ERR_CTP_') || err.code === 'FST_ERR_VALIDATION') {
    return 'VALIDATION_FAILED';
  }
  if (err.statusCode === 429) return 'RATE_LIMITED';
  if (err.statusCode === 404) return 'NOT_FOUND';
  if (err.statusCode === 415) return 'VALIDATION_FAILED';
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return 'VALIDATION_FAILED';
  return undefined;
}

/** One error shape for every route; unexpected failures are logged and answered generically. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) return sendError(req, reply, err.code, err.data);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: v.instancePath || '/',
        message: v.message,
      }));
      return sendError(req, reply, 'VALIDATION_FAILED', details);
    }
    const code = frameworkCode(err);
    if (code) return sendError(req, reply, code);
    req.log.error({ err }, 'unexpected error');
    return sendError(req, reply, 'INTERNAL');
  });
}
