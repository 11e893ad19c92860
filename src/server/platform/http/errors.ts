import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, ERRORS, type DomainErrorCode } from '../../../domain/errors.js';
import { requestLocale } from './locale.js';
import { isConnectionLoss } from '../db/connection-errors.js';

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
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
    return 'UNSUPPORTED_MEDIA_TYPE';
  }
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH' || err.statusCode === 414) return 'URI_TOO_LONG';
  if (err.code?.startsWith('FST_ERR_CTP_') || err.code === 'FST_ERR_VALIDATION') {
    return 'VALIDATION_FAILED';
  }
  if (err.statusCode === 429) return 'RATE_LIMITED';
  if (err.statusCode === 404) return 'NOT_FOUND';
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return 'VALIDATION_FAILED';
  return undefined;
}

/**
 * Errors Fastify raises before routing (a malformed URL, a path parameter over maxParamLength),
 * passed to the `frameworkErrors` option so they answer in the one error shape too.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  void sendError(req, reply, frameworkCode(err) ?? 'VALIDATION_FAILED');
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
    // The database went away mid-request (restart, terminated backend, pool timeout). The
    // transaction rolled back — or, if only the commit's answer was lost, committed whole — so
    // the caller may try again: with the same Idempotency-Key a committed change is replayed.
    if (isConnectionLoss(err)) {
      req.log.warn({ err }, 'database unavailable');
      void reply.header('retry-after', '1');
      return sendError(req, reply, 'SERVICE_UNAVAILABLE');
    }
    req.log.error({ err }, 'unexpected error');
    return sendError(req, reply, 'INTERNAL');
  });
}
