import type { FastifyInstance } from 'fastify';
import { findUnstorableText } from '../../../contracts/storable-text.js';
import { sendError } from './errors.js';

/**
 * Input every route refuses before its own validation runs:
 * - text the database cannot store (NUL, unpaired surrogates) anywhere in the path, query or body;
 * - bodies that are not JSON: Fastify's text/plain parser is removed, so such a request answers
 *   415 (a form post from another site cannot reach a handler as a "simple" request either).
 * Multipart uploads and webhooks register their own parsers where they are needed.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addHook('preValidation', async (req, reply) => {
    const where =
      findUnstorableText(req.params, '/params') ??
      findUnstorableText(req.query, '/query') ??
      findUnstorableText(req.body, '/body');
    if (where !== undefined) return sendError(req, reply, 'UNSTORABLE_TEXT', [{ path: where }]);
  });
}
