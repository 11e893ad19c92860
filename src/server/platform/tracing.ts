import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyPluginCallback } from 'fastify';

/** The span attribute that carries our request id (as in logs, error bodies and the audit trail). */
export const REQUEST_ID_ATTRIBUTE = 'btp.request_id';

export interface Tracing {
  /** Register before any route: it wraps the routes defined after it. */
  plugin(): FastifyPluginCallback;
  /** Sends the spans still buffered (at shutdown, and in tests). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces of the HTTP app (@fastify/otel: a span per request, per hook and for the
 * handler), exported over OTLP/HTTP to `endpoint` (OTEL_EXPORTER_OTLP_ENDPOINT). Every request
 * span carries the request id, so a trace, a log line and an error report meet on it. The
 * provider is this app's own, not the process-global one.
 */
export function startTracing(opts: { endpoint: string; serviceName: string }): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${opts.endpoint.replace(/\/+$/, '')}/v1/traces` }),
      ),
    ],
  });
  const instrumentation = new FastifyOtelInstrumentation({
    // Probes and scrapes would drown the traces that matter.
    ignorePaths: ({ url }) => url === '/healthz' || url === '/readyz' || url === '/metrics',
    requestHook: (span, request) => span.setAttribute(REQUEST_ID_ATTRIBUTE, request.id),
  });
  instrumentation.setTracerProvider(provider);
  return {
    plugin: () => instrumentation.plugin(),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
