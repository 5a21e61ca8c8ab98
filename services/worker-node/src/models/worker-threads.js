import { nowUs } from '../clock.js';
import { runWorkload } from '../workload.js';
import { CpuThreadPool } from './cpu-thread-pool.js';

/**
 * Model `node-worker-threads`: the waits stay on the event loop (timers, async HTTP, holding
 * nothing), and each compute step of a request (one trial division, one burn) runs on a fixed
 * pool of `poolThreads` worker threads, so requests compute on as many cores as there are
 * threads and the loop stays free to answer. A step waiting for a free thread is queue (span
 * "admission"); so is the hop back to the loop once it is done ("resume" when it is long).
 */
export function createWorkerThreadsModel({ poolThreads, maxQueue, upstream }) {
  const pool = new CpuThreadPool(poolThreads, maxQueue);

  async function compute(step, timing, signal, firstOfRequest) {
    const askedUs = nowUs();
    const ran = await pool.run(step, signal, { firstOfRequest });
    const resumedUs = nowUs();
    if (firstOfRequest) {
      timing.threadId = ran.threadId;
    }
    const detailed = timing.detailed;
    timing.queued(askedUs, ran.startedUs, detailed ? 'admission' : undefined);
    timing.worked(ran.startedUs, ran.endedUs, ran.cpuUs, ran.readyUs);
    timing.resumed(ran.endedUs, resumedUs, detailed);
    return ran.value;
  }

  return {
    name: 'node-worker-threads',
    settings: { pool_threads: String(poolThreads) },
    capabilities: {
      family: 'FAMILY_ASYNC',
      limit: { kind: 'NONE', count: 0 },
      compute: { kind: 'WORKER_THREADS', count: poolThreads },
      waits_block_loop: false,
      detail: `${poolThreads} worker threads`,
      yield_every: 0,
    },
    queueLength: () => pool.queueLength,
    expiredInQueue: () => pool.expiredInQueue,
    start: () => pool.started(),
    run(item, timing, signal) {
      let started = false;
      return runWorkload(item, {
        timing,
        signal,
        upstream,
        compute: (step) => {
          const firstOfRequest = !started;
          started = true;
          return compute(step, timing, signal, firstOfRequest);
        },
      });
    },
    stop: () => pool.stop(),
  };
}
