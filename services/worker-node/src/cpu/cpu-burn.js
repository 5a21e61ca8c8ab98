import { threadCpuUs } from '../thread-clocks.js';

const ITERATIONS_PER_STEP = 64;
// The thread CPU clock (WASI's clock_time_get) is read about every 250 us of burning, the steps
// between reads estimated from the last interval: the overshoot past the asked CPU time stays
// under one interval, and the reads a few percent of it.
const READ_EVERY_US = 250;
const FIRST_STEPS_BETWEEN_READS = 128;
const [SPENT_US, STEPS_BETWEEN_READS, STATE] = [0, 1, 2];

/**
 * Spends a given amount of this thread's CPU time computing (the chess champion thinking about
 * a move). Measured on the thread's CPU clock, so time spent preempted or waiting for a core
 * does not count: the work is the same whatever the contention. One step is a short xorshift
 * loop (32-bit: JS numbers have no cheap 64-bit integers).
 */
export class CpuBurn {
  constructor(cpuUs) {
    this.cpuUs = cpuUs;
    // What changes between slices lives in a typed array, not in fields: a field that holds a
    // small integer one time and a double (or a 32-bit value past V8's small integers) the next
    // changes representation, and the optimised loop was thrown away and recompiled on every
    // slice, on V8's helper threads: as much CPU again as the burn itself (two burns on two
    // worker threads then could not get a core each).
    this.progress = new Float64Array([0, FIRST_STEPS_BETWEEN_READS, 0x9e3779b9 | 0]);
  }

  /** Runs at most maxSteps steps (Infinity: to the end); true when the CPU time is spent. */
  run(maxSteps) {
    const progress = this.progress;
    const cpuUs = this.cpuUs;
    let spentUs = progress[SPENT_US];
    let stepsBetweenReads = progress[STEPS_BETWEEN_READS];
    let state = progress[STATE] | 0;
    let readUs = threadCpuUs();
    for (let step = 0; step < maxSteps && spentUs < cpuUs; ) {
      const steps = Math.min(stepsBetweenReads, maxSteps - step);
      for (let s = 0; s < steps; s++) {
        for (let i = 0; i < ITERATIONS_PER_STEP; i++) {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
        }
      }
      step += steps;
      const nowUs = threadCpuUs();
      spentUs += nowUs - readUs;
      if (nowUs > readUs) {
        stepsBetweenReads = Math.max(1, Math.round((steps * READ_EVERY_US) / (nowUs - readUs)));
      }
      readUs = nowUs;
    }
    // The state is kept, so the loop is not optimised away.
    progress[SPENT_US] = spentUs;
    progress[STEPS_BETWEEN_READS] = stepsBetweenReads;
    progress[STATE] = state;
    return spentUs >= cpuUs;
  }
}
