// How every model waits: on the loop, holding nothing while it waits (Node's one way). Timers
// for sleeps; node:http for upstream, each GET an HTTP client span whose context goes to
// upstream in `traceparent`, so upstream's server span continues it.
import http from 'node:http';
import { setTimeout as timeout } from 'node:timers/promises';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { injectTraceHeaders, tracer } from './tracing.js';

// No cap on connections, so the client is never the reason a request waits.
const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** Sleeps `ms` (a wait phase `phase`, due when its time is up); a cancelled call ends it early. */
export async function sleep(ms, phase, signal) {
  phase.dueAfter(ms);
  await timeout(ms, undefined, { signal });
}

/** One GET inside the wait `phase`; the number of body bytes received. */
export async function get(url, phase, signal) {
  signal.throwIfAborted();
  const span = tracer.startSpan('GET', {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': 'GET',
      'url.full': url.href,
      'server.address': url.hostname,
      'server.port': Number(url.port) || 80,
    },
  }, phase.context);
  const headers = injectTraceHeaders(trace.setSpan(phase.context, span), {});
  const request = http.get(url, { agent: upstreamAgent, headers });
  // Not http.get's `signal` option: it stays on the request after the reply is in, and a
  // cancel arriving later would destroy the keep-alive socket under another request's GET.
  const cancel = () => request.destroy(signal.reason);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const received = await new Promise((resolve, reject) => {
      // Listening for errors for as long as the request lives: an error nobody hears ends the process.
      request.on('error', reject);
      request.on('response', (response) => {
        span.setAttribute('http.response.status_code', response.statusCode);
        if (response.statusCode < 200 || response.statusCode > 299) {
          response.resume();
          reject(new Error(`Response status code does not indicate success: ${response.statusCode} (${response.statusMessage})`));
          return;
        }
        let bytes = 0;
        response.on('data', (chunk) => { bytes += chunk.length; });
        response.on('end', () => resolve(bytes));
        response.on('error', reject);
      });
    });
    return received;
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    throw error;
  } finally {
    signal.removeEventListener('abort', cancel);
    span.end();
  }
}

/** Several GETs at once inside one wait; the total bytes. Every GET has ended when it settles. */
export async function getAll(urls, phase, signal) {
  const outcomes = await Promise.allSettled(urls.map((url) => get(url, phase, signal)));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
  return outcomes.reduce((total, outcome) => total + outcome.value, 0);
}
