import { threadCpuUs } from '../thread-clocks.js';

const ITERATIONS_PER_STEP = 64;
// A clock read costs ~5 us here (.NET's costs ~0.1 us and reads every 16 steps): 128 steps
// (~20 us of xorshift) between reads keep the reads a fifth of the burn, and the overshoot
// past the asked CPU time under one read interval.
const STEPS_BETWEEN_CLOCK_READS = 128;

/**
 * Spends a given amount of this thread's CPU time computing (the chess champion thinking about
 * a move). Measured on the thread's CPU clock, so time spent preempted or waiting for a core
 * does not count: the work is the same whatever the contention. One step is a short xorshift
 * loop (32-bit: JS numbers have no cheap 64-bit integers).
 */
export class CpuBurn {
  constructor(cpuUs) {
    this.cpuUs = cpuUs;
    this.spentUs = 0;
    this.state = 0x9e3779b9 | 0;
  }

  /** Runs at most maxSteps steps (Infinity: to the end); true when the CPU time is spent. */
  run(maxSteps) {
    const sliceStartUs = threadCpuUs();
    let state = this.state;
    for (let step = 0; step < maxSteps; step++) {
      for (let i = 0; i < ITERATIONS_PER_STEP; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
      }
      if (step % STEPS_BETWEEN_CLOCK_READS === 0 && this.spentUs + threadCpuUs() - sliceStartUs >= this.cpuUs) {
        break;
      }
    }
    // Kept, so the loop is not optimised away.
    this.state = state;
    this.spentUs += threadCpuUs() - sliceStartUs;
    return this.spentUs >= this.cpuUs;
  }
}
