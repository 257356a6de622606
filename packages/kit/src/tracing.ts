import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Context, context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TraceCarrier } from '@taskgraph/contracts';
import { z } from 'zod';
import { pathOf } from './request-path.js';

export const tracingSettings = {
  /** An OTLP/HTTP collector (e.g. http://otel-collector:4318): spans are sent to `<endpoint>/v1/traces`. Unset, none are recorded. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** The `service.name` of this process's spans; defaults to the service's own name. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Share of the traces that start here which are recorded (0–1); a caller's decision is followed. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
};

export type TracingSettings = z.infer<z.ZodObject<typeof tracingSettings>>;

let provider: NodeTracerProvider | null = null;

/**
 * Sets up tracing for this process, once: the first service to start in a process decides the
 * exporter. Without an endpoint tracing stays off altogether: no span, context or header is
 * made for a request or an event (the request id still ties its log lines together).
 */
export function startTracing(service: string, settings: TracingSettings): void {
  const endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  if (provider || !endpoint) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.OTEL_SERVICE_NAME ?? service }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.OTEL_TRACES_SAMPLER_ARG) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))],
  });
  provider.register();
}

/** Sends the spans still buffered, so a stopping service loses none. */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** Spans are named after the service that makes them, which tells services apart even when several share a process. */
export const serviceTracer = (service: string): Tracer => trace.getTracer(`taskgraph.${service}`);

/** The ids to put on a log line: those of the span in progress, if any. */
export function traceIds(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** The current trace context, to store with an event or send in headers. */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** The context a carrier (a stored event, message headers) continues. */
export const contextFrom = (carrier: TraceCarrier | undefined): Context =>
  carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;

/** Runs `work` in a new span under `parent`, recording its failure; the span ends when `work` settles. */
export async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: { kind: SpanKind; parent?: Context; attributes?: Record<string, string | number> },
  work: () => Promise<T>,
): Promise<T> {
  if (!provider) return work();
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes ?? {} }, options.parent ?? context.active());
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), work);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

const untraced = /^\/(health|metrics)(\/|$)/;

/** A server span for each HTTP request (probes and scrapes aside), continuing the caller's trace; for Express and node:http alike. */
export function traceRequests(tracer: Tracer): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const path = pathOf(req);
    if (!provider || untraced.test(path)) {
      next();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const method = req.method ?? 'GET';
    const requestId = req.headers['x-request-id'];
    const span = tracer.startSpan(
      `${method} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'url.path': path, 'http.request.id': typeof requestId === 'string' ? requestId : '' },
      },
      parent,
    );
    res.once('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
