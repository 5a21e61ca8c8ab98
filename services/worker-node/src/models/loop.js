import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { nowUs } from '../clock.js';
import { createCpuTask } from '../cpu/tasks.js';
import { measured } from '../thread-clocks.js';
import { runWorkload } from '../workload.js';

/**
 * Model `node`: every request on the process's one event loop (Node has no other). Waits are
 * timers and async HTTP; CPU work runs on the loop itself, in slices of `yieldEvery` steps with
 * a setImmediate between them, so other requests (and gRPC itself: Describe, health) get a
 * turn. The time from a yield to the slice after it is queue. A request starts on the loop as
 * soon as its handler runs, so nothing waits to start and the queue length is 0: a loop busy
 * computing delays the handler itself, which only the caller sees. For the same reason Describe
 * cannot answer while a slice (or a whole step, never yielding) holds the loop: the loop is the
 * only thread that answers gRPC, and the orchestrator's sampler tolerates a late Describe.
 */
export function createLoopModel({ yieldEvery, upstream }) {
  const sliceSteps = yieldEvery > 0 ? yieldEvery : Infinity;

  async function compute(step, timing, signal) {
    const task = createCpuTask(step);
    for (;;) {
      signal.throwIfAborted();
      const slice = measured(() => task.run(sliceSteps));
      timing.worked(slice.startedUs, slice.endedUs, slice.cpuUs, slice.readyUs);
      if (slice.value) {
        return task.result;
      }
      await yieldToLoop();
      timing.queued(slice.endedUs, nowUs());
    }
  }

  return {
    name: 'node',
    settings: { yield_every: String(yieldEvery) },
    capabilities: {
      family: 'FAMILY_ASYNC',
      limit: { kind: 'NONE', count: 0 },
      compute: { kind: 'EVENT_LOOP', count: 1 },
      waits_block_loop: false,
      detail: yieldEvery > 0 ? `yield ${yieldEvery}` : 'never yields',
      yield_every: yieldEvery,
    },
    queueLength: () => 0,
    expiredInQueue: () => 0,
    start: async () => {},
    run: (item, timing, signal) =>
      runWorkload(item, { timing, signal, upstream, compute: (step) => compute(step, timing, signal) }),
    stop: async () => {},
  };
}
