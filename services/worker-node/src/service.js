import { status } from '@grpc/grpc-js';
import { createAdmission } from './admission.js';
import { nowUs } from './clock.js';
import { UnparsableRequest, WORKLOADS } from './contract.js';
import { WorkloadError } from './errors.js';
import { workItemOf } from './limits.js';
import { endServerSpan, startServerSpan } from './server-span.js';
import { RequestTiming } from './timing.js';

/**
 * simul.v1.Worker's handlers, the same for every model. A work request is, outermost first:
 * traced and recorded in the metrics however it ends; parsed (an UnparsableRequest is
 * INTERNAL); admitted (admission.js); validated (INVALID_ARGUMENT naming the field); run by the
 * model with its timing and the call's cancellation (a client's cancel or the deadline, which
 * grpc-js reports as 'cancelled'); answered with the value and where the time went. Describe is
 * never refused: it is how overload is seen.
 */
export function createWorkerHandlers({ model, stats, metrics, description }) {
  const admit = createAdmission({ stats, metrics });
  const handlers = {
    Describe(call, callback) {
      callback(null, description.now());
    },
  };
  for (const [method, workload] of Object.entries(WORKLOADS)) {
    const rpcMethod = `simul.v1.Worker/${method}`;
    handlers[method] = async (call, callback) => {
      const { code, message, reply } = await serve(call, workload, rpcMethod);
      callback(code === status.OK ? null : { code, details: message }, reply);
    };
  }

  async function serve(call, workload, rpcMethod) {
    const arrivedUs = nowUs();
    const { span, context } = startServerSpan(rpcMethod, call.metadata, arrivedUs);
    const cancellation = new AbortController();
    const cancel = () => cancellation.abort();
    call.on('cancelled', cancel);
    if (call.cancelled) {
      cancel();
    }

    let timing;
    let outcome;
    try {
      if (call.request instanceof UnparsableRequest) {
        throw new WorkloadError(status.INTERNAL, call.request.message);
      }
      const reply = await admit(workload, async () => {
        const item = workItemOf(workload, call.request);
        timing = new RequestTiming({ arrivedUs, context, timeline: item.timeline });
        stats.countStarted();
        const value = await model.run(item, timing, cancellation.signal);
        return { value, model: model.name, pid: process.pid, timing: timing.finish(), thread_id: timing.threadId };
      });
      outcome = { code: status.OK, reply };
    } catch (error) {
      outcome = failure(error, call, cancellation.signal);
    }
    // grpc-js reports the end of every call as 'cancelled', answered or not.
    call.off('cancelled', cancel);

    const totals = outcome.reply?.timing ?? timing?.finish();
    metrics.record(workload, totals, (nowUs() - arrivedUs) / 1e6, outcome.code);
    endServerSpan(span, outcome, { modelName: model.name, timing, totals });
    return outcome;
  }

  return handlers;
}

/** The status a failed request ends with; an unexpected error is logged, its text kept out of the answer. */
function failure(error, call, signal) {
  if (signal.aborted) {
    return Number(call.getDeadline()) <= Date.now()
      ? { code: status.DEADLINE_EXCEEDED, message: 'the deadline passed' }
      : { code: status.CANCELLED, message: 'the call was cancelled' };
  }
  if (error instanceof WorkloadError) {
    return { code: error.code, message: error.message };
  }
  console.error(`worker: a request failed unexpectedly: ${error.stack ?? error}`);
  return { code: status.INTERNAL, message: 'the worker failed unexpectedly; its log has the error' };
}
