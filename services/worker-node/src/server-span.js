import { status } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { epochMsOf, nowUs } from './clock.js';
import { DETAILED_PHASE_LIMIT } from './timing.js';
import { callerContext, tracer } from './tracing.js';

/**
 * The server span of a work request, "simul.v1.Worker/Prime", as the .NET workers' (the RPC
 * semantic conventions): from arrival to reply, continuing the caller's trace from its
 * traceparent metadata. Returns the span and the context its phase spans go under.
 */
export function startServerSpan(rpcMethod, metadata, arrivedUs) {
  const caller = callerContext(metadata);
  const span = tracer.startSpan(rpcMethod, {
    kind: SpanKind.SERVER,
    startTime: epochMsOf(arrivedUs),
    attributes: { 'rpc.system.name': 'grpc', 'rpc.method': rpcMethod },
  }, caller);
  return { span, context: trace.setSpan(caller, span) };
}

/**
 * Ends it with the call's status, and the request's totals when it got as far as a timing, so
 * a trace search can filter on them.
 */
export function endServerSpan(span, outcome, { modelName, timing, totals }) {
  span.setAttribute('rpc.response.status_code', status[outcome.code]);
  if (timing) {
    span.setAttributes({
      'simul.model': modelName,
      'simul.queue_us': totals.queue_us,
      'simul.spawn_us': totals.spawn_us,
      'simul.work_us': totals.work_us,
      'simul.wait_us': totals.wait_us,
      'simul.ready_us': totals.ready_us,
      'simul.lock_us': totals.lock_us,
      'simul.total_us': totals.total_us,
      'simul.phases': timing.phases,
      'simul.phases_detailed': Math.min(timing.phases, DETAILED_PHASE_LIMIT),
      'process.pid': process.pid,
      'thread.id': timing.threadId,
    });
  }
  if (outcome.code !== status.OK) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.message });
  }
  span.end(epochMsOf(nowUs()));
}
