import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

interface AuditContext {
  requestId: string;
}

const store = new AsyncLocalStorage<AuditContext>();

/**
 * The id of the request or job being served, so audit rows written deep inside a service (or a
 * worker reacting to a webhook) still say which request caused them.
 */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

/** Every HTTP request runs in a context carrying its id (the same id the logs and errors show). */
export function installAuditContext(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    store.run({ requestId: req.id }, done);
  });
}
