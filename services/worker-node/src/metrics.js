import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { WORKLOADS } from './contract.js';
import { threadsAndRss } from './proc.js';

// Seconds, from a millisecond to a minute, as the .NET workers' histogram.
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const PHASES = ['queue', 'spawn', 'work', 'wait', 'ready', 'lock', 'other'];

/**
 * The worker's metrics for GET /metrics, with the names and labels the .NET workers' metrics
 * get in Prometheus (dots to underscores, the unit as a suffix, _total on counters), so the
 * Grafana dashboards and KEDA triggers read every runtime alike. Every series carries
 * simul_model and simul_runtime, and exists from the start (0 before any request).
 */
export function createMetrics({ model, stats }) {
  const registry = new Registry();
  const common = { simul_model: model.name, simul_runtime: 'node' };
  const labelNames = Object.keys(common);
  const observed = (read) => function collect() {
    this.set(common, read());
  };

  const duration = new Histogram({
    name: 'simul_request_duration_seconds',
    help: "Time from a request's arrival to its answer.",
    labelNames: [...labelNames, 'simul_workload', 'rpc_grpc_status_code'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const phaseTime = new Counter({
    name: 'simul_phase_time_seconds_total',
    help: `Time requests spent in each phase: ${PHASES.join(', ')}.`,
    labelNames: [...labelNames, 'simul_workload', 'simul_phase'],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'simul_requests_in_flight',
    help: 'Requests admitted and not yet answered.',
    labelNames: [...labelNames, 'simul_workload'],
    registers: [registry],
  });
  for (const workload of Object.values(WORKLOADS)) {
    inFlight.set({ ...common, simul_workload: workload }, 0);
  }
  new Gauge({
    name: 'simul_queue_length',
    help: 'Requests waiting for a thread, a child process or the loop.',
    labelNames,
    registers: [registry],
    collect: observed(() => model.queueLength()),
  });
  new Gauge({
    name: 'simul_process_threads',
    help: 'OS threads of the worker process.',
    labelNames,
    registers: [registry],
    collect: observed(() => threadsAndRss().threads),
  });
  new Gauge({
    name: 'simul_process_memory_rss_bytes',
    help: 'Resident memory of the worker process.',
    labelNames,
    registers: [registry],
    collect: observed(() => threadsAndRss().rssBytes),
  });
  // No Node model starts child processes: these stay 0, present so the dashboards' queries find them.
  new Gauge({ name: 'simul_process_children', help: 'Child processes alive.', labelNames, registers: [registry] }).set(common, 0);
  new Counter({ name: 'simul_process_spawns_total', help: 'Child processes started.', labelNames, registers: [registry] }).inc(common, 0);
  new Counter({
    name: 'simul_requests_rejected_total',
    help: 'Requests refused with RESOURCE_EXHAUSTED.',
    labelNames,
    registers: [registry],
    // Observed, as .NET's ObservableCounter: the count lives in WorkerStats.
    collect() {
      this.reset();
      this.inc(common, stats.rejected);
    },
  });
  new Counter({
    name: 'simul_queue_expired_total',
    help: 'Queued requests whose caller went (deadline or cancellation) before they started; they never ran.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(common, model.expiredInQueue());
    },
  });

  return {
    registry,

    /** Counts a request in flight until the returned function is called. */
    enter(workload) {
      const labels = { ...common, simul_workload: workload };
      inFlight.inc(labels);
      return () => inFlight.dec(labels);
    },

    /**
     * One request's duration and status, and its phases when it has a timing; a request
     * refused before it started has a duration, its time in the handler, and no phase:
     * counted as "other" it would swell the share of time unexplained.
     */
    record(workload, timing, handlerSeconds, code) {
      const labels = { ...common, simul_workload: workload };
      duration.observe({ ...labels, rpc_grpc_status_code: code }, timing ? timing.total_us / 1e6 : handlerSeconds);
      if (!timing) {
        return;
      }
      const explained = timing.queue_us + timing.spawn_us + timing.work_us + timing.wait_us + timing.ready_us + timing.lock_us;
      const us = { ...timing, other_us: Math.max(0, timing.total_us - explained) };
      for (const phase of PHASES) {
        phaseTime.inc({ ...labels, simul_phase: phase }, us[`${phase}_us`] / 1e6);
      }
    },
  };
}
