import { status } from '@grpc/grpc-js';
import { resourceExhausted, WorkloadError } from './errors.js';

/**
 * Admits a work request only while fewer than MaxInFlight are in flight, else
 * RESOURCE_EXHAUSTED; counts every refusal (its own, and a model's full queue) and keeps the
 * in-flight counters (Describe's and the metric's) while the request runs.
 */
export function createAdmission({ stats, metrics }) {
  return async function admit(workload, run) {
    if (!stats.tryEnter()) {
      stats.countRejected();
      throw resourceExhausted(`${stats.maxInFlight} requests are in flight already`);
    }
    const leaveInFlight = metrics.enter(workload);
    let completed = false;
    try {
      const reply = await run();
      completed = true;
      return reply;
    } catch (error) {
      if (error instanceof WorkloadError && error.code === status.RESOURCE_EXHAUSTED) {
        stats.countRejected();
      }
      throw error;
    } finally {
      leaveInFlight();
      stats.exit(completed);
    }
  };
}
