import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Redis } from 'ioredis';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { OpenAPIV3 } from 'openapi-types';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Deps } from './deps.js';
import type { WorkerHealth } from './platform/outbox/worker.js';
import { frameworkErrors, installErrorHandling, sendError } from './platform/http/errors.js';
import { installSessions } from './platform/http/session.js';
import { installCsrf, isAllowedOrigin } from './platform/http/csrf.js';
import { installInputGuard } from './platform/http/input-guard.js';
import { installRequestIds, requestIdFrom } from './platform/http/request-id.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { hasWebBuild, serveWebApp } from './platform/http/web-app.js';
import { trustProxyOption } from './platform/trust-proxy.js';
import { recordRoutes } from './platform/http/route-table.js';
import { completeApiDocument } from './platform/http/api-document.js';
import { API_CATALOG } from './api-catalog.js';
import { installMetrics } from './platform/http/metrics.js';
import { installSlowRequestLog } from './platform/http/slow-requests.js';
import { readiness } from './platform/health.js';
import { installAuditContext } from './platform/audit-context.js';
import { accountsRoutes } from './modules/accounts/routes.js';
import { catalogRoutes, imageRoutes } from './modules/catalog/routes.js';
import { cartRoutes } from './modules/cart/routes.js';
import { ordersRoutes } from './modules/orders/routes.js';
import { merchantRoutes } from './modules/merchant/routes.js';
import { merchantCatalogRoutes } from './modules/merchant/catalog-routes.js';
import {
  operatorPaymentRoutes,
  paymentWebhookRoutes,
  shopperPaymentRoutes,
} from './modules/payments/routes.js';
import { staffRoutes } from './modules/staff/routes.js';
import {
  merchantCancellationRoutes,
  shopperCancellationRoutes,
} from './modules/cancellation/routes.js';
import {
  merchantAddressChangeRoutes,
  shopperAddressChangeRoutes,
} from './modules/address-change/routes.js';
import { offeredChannelsRoutes, settingsRoutes } from './modules/settings/routes.js';
import { opsRoutes } from './modules/ops/routes.js';
import { statementRoutes } from './modules/payments/statement-routes.js';
import { shopperNoticeRoutes, staffNoticeRoutes } from './modules/notifications/routes.js';
import { merchantNoticeRoutes } from './modules/notifications/merchant-routes.js';
import { evidenceRoutes } from './modules/refunds/evidence-routes.js';
import {
  merchantStaffRefundRoutes,
  operatorStaffRefundRoutes,
  shopperPriceProtectionRoutes,
} from './modules/staff-refunds/routes.js';
import { merchantWebhookRoutes } from './modules/merchant-webhooks/routes.js';
import { merchantAfterSalesRoutes, shopperAfterSalesRoutes } from './modules/after-sales/routes.js';
import { supportRoutes } from './modules/support/routes.js';
import { retentionRoutes } from './modules/retention/routes.js';
import {
  merchantCouponRoutes,
  operatorCouponRoutes,
  shopperCouponRoutes,
} from './modules/coupons/routes.js';
import {
  merchantRefundRoutes,
  operatorRefundRoutes,
  staffPayoutRoutes,
  shopperRefundRoutes,
} from './modules/refunds/routes.js';

export type App = FastifyInstance;

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

/** Builds the HTTP app from its dependencies; tests build it too and use app.inject. */
export async function buildApp(
  deps: Deps,
  opts: {
    serveWeb?: boolean;
    /** The worker running in this process, if any: /readyz reports on it too. */
    worker?: { health(): WorkerHealth; pollMs: number };
  } = {},
): Promise<App> {
  // pino's Logger is wider than Fastify's logger type; assign, don't cast.
  const loggerInstance: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance,
    bodyLimit: 1_048_576,
    // Fastify's two lines per request are replaced by one access line (installRequestIds).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: requestIdFrom,
    // X-Forwarded-For only from the proxies TRUST_PROXY names; by default from no one.
    trustProxy: trustProxyOption(deps.config.trustProxy),
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();
  // Before anything else, so every route and hook defined after it is traced.
  if (deps.tracing) await app.register(deps.tracing.plugin());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  recordRoutes(app);
  installErrorHandling(app);
  installRequestIds(app);
  installAuditContext(app);
  installInputGuard(app);

  await installSecurityHeaders(app, {
    https: deps.config.publicUrl.startsWith('https://'),
    formActionOrigins: deps.channels.formActionOrigins,
  });
  // Dynamic answers above 2 kB (order lists, dashboards); the web build is precompressed.
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip', 'deflate'] });
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
      info: {
        title: 'B特派 order platform API',
        version: '1.0.0',
        description:
          'Orders, cancellation, refunds, after-sales and customer service. Every refusal ' +
          'answers in one shape, `{ error: { code, message, details?, requestId } }`.',
      },
      servers: [{ url: '/', description: 'This deployment' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'btp_sid' },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description: 'Echo of the btp_csrf cookie, on every state-changing request',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (doc) =>
      completeApiDocument(jsonSchemaTransformObject(doc) as OpenAPIV3.Document, API_CATALOG),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installMetrics(app, deps.metrics, { token: deps.config.metricsToken });
  installSlowRequestLog(app, deps.config.slowRequestMs);
  installSessions(app, deps.database.db, deps.clock);
  const development = deps.config.appEnv === 'development';
  installCsrf(app, {
    secure: deps.config.secureCookies,
    // Read per request: the test stack learns its public URL only after listening.
    isAllowedOrigin: (origin) => isAllowedOrigin(origin, deps.config.publicUrl, development),
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  // Not ready while the database does not answer or the LISTEN connection is down (this
  // process's chat sockets would hear nothing): the load balancer sends traffic elsewhere.
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    const r = await readiness(deps.database, opts.worker);
    if (r.ok) return { ok: true, checks: r.checks };
    return sendError(req, reply, 'SERVICE_UNAVAILABLE', r.checks);
  });

  await app.register(
    async (api) => {
      await api.register(accountsRoutes(deps));
      await api.register(catalogRoutes(deps));
      await api.register(cartRoutes(deps));
      await api.register(ordersRoutes(deps));
      await api.register(merchantRoutes(deps));
      await api.register(merchantCatalogRoutes(deps));
      await api.register(merchantNoticeRoutes(deps));
      await api.register(paymentWebhookRoutes(deps));
      await api.register(shopperPaymentRoutes(deps));
      await api.register(operatorPaymentRoutes(deps));
      await api.register(staffRoutes(deps));
      await api.register(shopperCancellationRoutes(deps));
      await api.register(merchantCancellationRoutes(deps));
      await api.register(shopperAddressChangeRoutes(deps));
      await api.register(merchantAddressChangeRoutes(deps));
      await api.register(settingsRoutes(deps));
      await api.register(offeredChannelsRoutes(deps));
      await api.register(shopperRefundRoutes(deps));
      await api.register(operatorRefundRoutes(deps));
      await api.register(staffPayoutRoutes(deps));
      await api.register(merchantRefundRoutes(deps));
      await api.register(evidenceRoutes(deps));
      await api.register(shopperPriceProtectionRoutes(deps));
      await api.register(operatorStaffRefundRoutes(deps));
      await api.register(merchantStaffRefundRoutes(deps));
      await api.register(shopperAfterSalesRoutes(deps));
      await api.register(merchantAfterSalesRoutes(deps));
      await api.register(shopperNoticeRoutes(deps));
      await api.register(merchantWebhookRoutes(deps));
      await api.register(staffNoticeRoutes(deps));
      await api.register(opsRoutes(deps));
      await api.register(statementRoutes(deps));
      await api.register(supportRoutes(deps));
      await api.register(retentionRoutes(deps));
      await api.register(shopperCouponRoutes(deps));
      await api.register(operatorCouponRoutes(deps));
      await api.register(merchantCouponRoutes(deps));
    },
    { prefix: '/api/v1' },
  );
  await app.register(imageRoutes(deps));

  const serveWeb = opts.serveWeb === true && hasWebBuild(webRoot);
  if (serveWeb) await serveWebApp(app, webRoot);
  // The browser app routes on the client: unknown non-API GETs get index.html.
  app.setNotFoundHandler((req, reply) => {
    const isPage =
      req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/img/');
    if (serveWeb && isPage) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(req, reply, 'NOT_FOUND');
  });
  return app;
}
