import type { FastifyInstance, FastifySchema } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
  schema: FastifySchema | undefined;
  csrf: boolean;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Keeps the list of every route as registered (hidden ones included), so tests can walk the real
 * route table rather than the API document. Call before any route is registered.
 */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        schema: route.schema,
        csrf: route.config?.csrf !== false,
      });
    }
  });
}

export function routeTableOf(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
