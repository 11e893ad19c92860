import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-errors.js';

/** An onRequest hook requiring `Authorization: Bearer <apiKey>` (constant-time compare). */
export function bearerAuth(apiKey: string) {
  const expected = digest(apiKey);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) return;
    reply.header('www-authenticate', 'Bearer');
    await sendError(reply, 401, 'unauthorized', 'Missing or invalid API key');
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
