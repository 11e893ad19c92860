import type { FastifyReply } from 'fastify';

/** Error body of the sandbox API: `{ error: { code, message } }`. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  return reply.status(status).send({ error: { code, message } });
}
