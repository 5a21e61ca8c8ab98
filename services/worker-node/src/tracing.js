// Traces over OTLP with the OpenTelemetry JS SDK, exported only where the standard variables
// give an endpoint (the exporters themselves read OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT and
// _TIMEOUT by the rules of services/telemetry/OtlpEndpoints.cs, /v1/traces appended to the
// general endpoint for http/protobuf). The sampler (OTEL_TRACES_SAMPLER[_ARG]) and the batch
// processor's bounds (OTEL_BSP_*) are the SDK's, from the environment: spans wait in a bounded
// queue and are dropped when it is full, so a collector that is down or hangs costs spans,
// never a failed or slower request.
import { randomUUID } from 'node:crypto';
import { defaultTextMapSetter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** The instrumentation scope of every span the worker makes, as the .NET workers' ActivitySource. */
const SCOPE_NAME = 'Simul.Worker';
const FLUSH_ON_STOP_MS = 1000;

/** The worker's tracer: a no-op one until startTracing registers a provider. */
export const tracer = trace.getTracer(SCOPE_NAME);

/**
 * Registers the tracer provider when traces have somewhere to go; returns a function that
 * flushes what is queued (within a second) and stops the exporter.
 */
export function startTracing(defaultServiceName, env = process.env) {
  if (!exportsTraces(env)) {
    return async () => {};
  }
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'grpc').trim();
  const exporter = protocol === 'http/protobuf' ? new HttpProtobufTraceExporter() : new GrpcTraceExporter();
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the environment detector) win over the defaults.
  const resource = defaultResource()
    .merge(resourceFromAttributes({
      'service.name': defaultServiceName,
      'service.instance.id': randomUUID(),
      'process.pid': process.pid,
    }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  return () => withinFlushTime(provider.shutdown());
}

function exportsTraces(env) {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return false;
  }
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim());
}

function withinFlushTime(shutdown) {
  let timer;
  const deadline = new Promise((resolve) => { timer = setTimeout(resolve, FLUSH_ON_STOP_MS); });
  return Promise.race([shutdown.catch(() => {}), deadline]).finally(() => clearTimeout(timer));
}

const propagator = new W3CTraceContextPropagator();

// gRPC metadata as a carrier of traceparent and tracestate: Metadata.get returns every value of a key.
const metadataGetter = {
  keys: (metadata) => Object.keys(metadata.getMap()),
  get: (metadata, key) => metadata.get(key).map(String),
};

/** The caller's trace context from a call's metadata (W3C traceparent/tracestate), if any. */
export function callerContext(metadata) {
  return propagator.extract(ROOT_CONTEXT, metadata, metadataGetter);
}

/** Adds traceparent (and tracestate) for the span of `context` to outgoing HTTP headers. */
export function injectTraceHeaders(context, headers) {
  propagator.inject(context, headers, defaultTextMapSetter);
  return headers;
}
