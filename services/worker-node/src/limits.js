import { invalidArgument } from './errors.js';

// What a request may ask for, as services/workloads/WorkloadLimits.cs: the bounds keep one
// request's cost finite, and the messages are the .NET workers' word for word.
const MAX_PRIME_BELOW = 100_000_000;
const MAX_WAIT_MS = 60_000;
const MAX_FETCH_COUNT = 100;
const MAX_FETCH_BYTES = 8 * 1024 * 1024;
const MAX_FETCH_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_STEPS = 1_000;
const MAX_STEP_WORK_US = 10_000_000;
const MAX_STEP_WAIT_US = 60_000_000;

/**
 * The work item of a request (as loaded: int64 fields are decimal strings, so a message quotes
 * exactly what was sent), checked against the bounds, with plain JS numbers: every bound is far
 * below 2^53, so Number() of any int64 compares right. Throws INVALID_ARGUMENT naming the field.
 */
export function workItemOf(workload, request) {
  return { workload, timeline: request.timeline, ...checked[workload](request) };
}

const checked = {
  prime(request) {
    const below = Number(request.below);
    check(below >= 3, `below must be at least 3: there is no prime below ${request.below}`);
    check(below <= MAX_PRIME_BELOW, `below must be at most ${MAX_PRIME_BELOW}, got ${request.below}`);
    checkRange('wait_ms', request.wait_ms, MAX_WAIT_MS);
    return { below, waitMs: request.wait_ms };
  },
  fetch({ count, delay_ms: delayMs, size_bytes: sizeBytes, concurrent }) {
    check(count >= 1 && count <= MAX_FETCH_COUNT, `count must be 1 to ${MAX_FETCH_COUNT}, got ${count}`);
    checkRange('delay_ms', delayMs, MAX_WAIT_MS);
    checkRange('size_bytes', sizeBytes, MAX_FETCH_BYTES);
    check(count * sizeBytes <= MAX_FETCH_TOTAL_BYTES, `count * size_bytes must be at most ${MAX_FETCH_TOTAL_BYTES}, got ${count * sizeBytes}`);
    return { count, delayMs, sizeBytes, concurrent };
  },
  steps({ steps, work_us: workUs, wait_us: waitUs }) {
    check(steps >= 1 && steps <= MAX_STEPS, `steps must be 1 to ${MAX_STEPS}, got ${steps}`);
    checkRange('work_us', workUs, MAX_STEP_WORK_US);
    checkRange('wait_us', waitUs, MAX_STEP_WAIT_US);
    return { steps, workUs: Number(workUs), waitUs: Number(waitUs) };
  },
};

function checkRange(field, value, max) {
  const number = Number(value);
  check(number >= 0 && number <= max, `${field} must be 0 to ${max}, got ${value}`);
}

function check(condition, message) {
  if (!condition) {
    throw invalidArgument(message);
  }
}
