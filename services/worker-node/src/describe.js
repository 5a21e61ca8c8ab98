import { hostname } from 'node:os';
import { cpuSeconds } from './proc.js';

const INSTANCE = `${hostname()}:${process.pid}`;

/**
 * What Describe answers (simul.v1.WorkerInfo, the .NET workers' meanings): the model, its live
 * counters and peaks, every setting for display, and the capabilities the orchestrator reads.
 */
export function createDescription({ model, stats, settings }) {
  const allSettings = {
    ...model.settings,
    upstream: settings.upstream.href,
    max_queue: String(settings.maxQueue),
    max_in_flight: String(settings.maxInFlight),
    work_clock: 'thread cpu time',
  };
  const capabilities = {
    ...model.capabilities,
    runtime: { name: 'node', version: process.versions.node },
    work_clock: 'WORK_CLOCK_THREAD_CPU',
    max_queue: settings.maxQueue,
    max_in_flight: settings.maxInFlight,
  };

  return {
    settings: allSettings,

    now() {
      const { threads, rssBytes } = stats.sample();
      return {
        model: model.name,
        pid: process.pid,
        instance: INSTANCE,
        threads,
        child_processes: 0,
        in_flight: stats.inFlight,
        completed: stats.completed,
        rss_bytes: rssBytes,
        settings: allSettings,
        queue_length: model.queueLength(),
        expired_in_queue: model.expiredInQueue(),
        started: stats.started,
        rejected: stats.rejected,
        peak_threads: stats.peakThreads,
        peak_child_processes: 0,
        peak_rss_bytes: stats.peakRssBytes,
        spawned: 0,
        children_rss_bytes: 0,
        children_pss_bytes: 0,
        cpu_seconds: cpuSeconds(),
        slot_seconds: 0,
        // Node exposes no time spent compiling (V8 tiers code up on background threads).
        jit_seconds: 0,
        capabilities,
      };
    },
  };
}
