// One clock for every thread of the process: CLOCK_MONOTONIC in microseconds (hrtime), so a
// worker thread's timestamps and the main thread's can be compared. performance.now() would
// not do: each worker thread has its own time origin.

/** Monotonic microseconds, comparable across threads. */
export function nowUs() {
  return Number(process.hrtime.bigint()) / 1000;
}

const originUs = nowUs();
const originEpochMs = performance.timeOrigin + performance.now();

/** A nowUs() timestamp as milliseconds since the Unix epoch, as span start and end times. */
export function epochMsOf(us) {
  return originEpochMs + (us - originUs) / 1000;
}
