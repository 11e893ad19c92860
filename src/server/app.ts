import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Redis } from 'ioredis';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { Deps } from './deps.js';
import { installErrorHandling, sendError } from './platform/http/errors.js';
import { installSessions } from './platform/http/session.js';
import { installCsrf } from './platform/http/csrf.js';
import { installMetrics } from './platform/http/metrics.js';
import { installAuditContext } from './platform/audit-context.js';
import { accountsRoutes } from './modules/accounts/routes.js';
import { catalogRoutes, imageRoutes } from './modules/catalog/routes.js';
import { cartRoutes } from './modules/cart/routes.js';
import { ordersRoutes } from './modules/orders/routes.js';
import { merchantRoutes } from './modules/merchant/routes.js';
import { merchantCatalogRoutes } from './modules/merchant/catalog-routes.js';
import { paymentWebhookRoutes } from './modules/payments/routes.js';
import { staffRoutes } from './modules/staff/routes.js';
import {
  merchantCancellationRoutes,
  shopperCancellationRoutes,
} from './modules/cancellation/routes.js';
import { settingsRoutes } from './modules/settings/routes.js';
import { opsRoutes } from './modules/ops/routes.js';
import { shopperNoticeRoutes, staffNoticeRoutes } from './modules/notifications/routes.js';
import { evidenceRoutes } from './modules/refunds/evidence-routes.js';
import { merchantWebhookRoutes } from './modules/merchant-webhooks/routes.js';
import { merchantAfterSalesRoutes, shopperAfterSalesRoutes } from './modules/after-sales/routes.js';
import { supportRoutes } from './modules/support/routes.js';
import {
  merchantRefundRoutes,
  operatorRefundRoutes,
  shopperRefundRoutes,
} from './modules/refunds/routes.js';

export type App = FastifyInstance;

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Builds the HTTP app from its dependencies; tests build it too and use app.inject. */
export async function buildApp(deps: Deps, opts: { serveWeb?: boolean } = {}): Promise<App> {
  // pino's Logger is wider than Fastify's logger type; assign, don't cast.
  const loggerInstance: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance,
    bodyLimit: 1_048_576,
    // Two log lines per request cost more than the query behind My Orders; errors still log.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => crypto.randomUUID(),
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installAuditContext(app);

  await app.register(cookie);
  // In memory for one process; shared through Redis when several app processes run.
  const redis = deps.config.redisUrl
    ? new Redis(deps.config.redisUrl, {
        connectTimeout: 2_000,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      })
    : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'btp-rl:', skipOnError: true } : {}),
    errorResponseBuilder: (req, ctx) => {
      const err = new Error('rate limited') as Error & { statusCode: number };
      err.statusCode = ctx.statusCode;
      return err;
    },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'B特派 order platform API', version: '1.0.0' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'btp_sid' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installMetrics(app);
  installSessions(app, deps.database.db, deps.clock);
  installCsrf(app, { secure: deps.config.secureCookies });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    try {
      await deps.database.db.execute(sql`SELECT 1`);
      return { ok: true };
    } catch {
      return sendError(req, reply, 'SERVICE_UNAVAILABLE');
    }
  });

  await app.register(
    async (api) => {
      await api.register(accountsRoutes(deps));
      await api.register(catalogRoutes(deps));
      await api.register(cartRoutes(deps));
      await api.register(ordersRoutes(deps));
      await api.register(merchantRoutes(deps));
      await api.register(merchantCatalogRoutes(deps));
      await api.register(paymentWebhookRoutes(deps));
      await api.register(staffRoutes(deps));
      await api.register(shopperCancellationRoutes(deps));
      await api.register(merchantCancellationRoutes(deps));
      await api.register(settingsRoutes(deps));
      await api.register(shopperRefundRoutes(deps));
      await api.register(operatorRefundRoutes(deps));
      await api.register(merchantRefundRoutes(deps));
      await api.register(evidenceRoutes(deps));
      await api.register(shopperAfterSalesRoutes(deps));
      await api.register(merchantAfterSalesRoutes(deps));
      await api.register(shopperNoticeRoutes(deps));
      await api.register(merchantWebhookRoutes(deps));
      await api.register(staffNoticeRoutes(deps));
      await api.register(opsRoutes(deps));
      await api.register(supportRoutes(deps));
    },
    { prefix: '/api/v1' },
  );
  await app.register(imageRoutes(deps));

  const serveWeb = opts.serveWeb === true && fs.existsSync(path.join(webRoot, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  // The browser app routes on the client: unknown non-API GETs get index.html.
  app.setNotFoundHandler((req, reply) => {
    const isPage =
      req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/img/');
    if (serveWeb && isPage) return reply.type('text/html').sendFile('index.html');
    return sendError(req, reply, 'NOT_FOUND');
  });
  return app;
}
