"""
The worker's Prometheus metrics, with the .NET workers' names and labels (what OpenTelemetry's
Prometheus exporter makes of theirs), so the Grafana dashboards and KEDA triggers read every
worker alike. Each series carries simul_model and simul_runtime="cpython". What needs no request
(in flight, queue, threads, children, memory, spawns, refusals, expiries) is read when scraped, so it is
there from the start.
"""

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from simul_worker import stats
from simul_worker.admission import Admission
from simul_worker.contract import worker_pb2
from simul_worker.models.model import Model
from simul_worker.timing import PHASES

# Seconds, from a millisecond to a minute.
_DURATION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
_COMMON = ("simul_model", "simul_runtime")


class WorkerMetrics:
    def __init__(self, model: Model, admission: Admission) -> None:
        self.registry = CollectorRegistry()
        self._common = {"simul_model": model.name, "simul_runtime": "cpython"}
        self._duration = Histogram("simul_request_duration_seconds", "Time from a request's arrival to its answer.",
                                   (*_COMMON, "simul_workload", "rpc_grpc_status_code"), buckets=_DURATION_BUCKETS, registry=self.registry)
        self._phase_time = Counter("simul_phase_time_seconds", f"Time requests spent in each phase: {', '.join(PHASES)}, other.",
                                   (*_COMMON, "simul_workload", "simul_phase"), registry=self.registry)
        self.registry.register(_Observed(self._common, model, admission))

    def record(self, workload: str, seconds: float, status: int, timing: worker_pb2.Timing | None) -> None:
        """One request's duration and status, and its phases when it ran: a request refused before
        it started has a duration and no phase (as "other" it would swell the unexplained share)."""
        self._duration.labels(**self._common, simul_workload=workload, rpc_grpc_status_code=str(status)).observe(seconds)
        if timing is None:
            return
        phases = {phase: getattr(timing, f"{phase}_us") for phase in PHASES}
        phases["other"] = max(0, timing.total_us - sum(phases.values()))
        for phase, us in phases.items():
            self._phase_time.labels(**self._common, simul_workload=workload, simul_phase=phase).inc(us / 1e6)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class _Observed(Collector):
    def __init__(self, common: dict[str, str], model: Model, admission: Admission) -> None:
        self._labels, self._values = list(common), list(common.values())
        self._model = model
        self._admission = admission

    def collect(self) -> Iterator[Metric]:
        in_flight = GaugeMetricFamily("simul_requests_in_flight", "Requests admitted and not yet answered.",
                                      labels=[*self._labels, "simul_workload"])
        for workload, count in self._admission.in_flight_by_workload.items():
            in_flight.add_metric([*self._values, workload], count)
        yield in_flight
        threads, rss = stats.threads_and_rss()
        yield self._one(GaugeMetricFamily, "simul_queue_length", "Requests waiting for a thread, a child process or the loop.",
                        self._model.queue_length)
        yield self._one(GaugeMetricFamily, "simul_process_threads", "OS threads of the worker process.", threads)
        yield self._one(GaugeMetricFamily, "simul_process_children", "Child processes alive.", self._model.child_processes)
        yield self._one(GaugeMetricFamily, "simul_process_memory_rss_bytes", "Resident memory of the worker process.", rss)
        yield self._one(CounterMetricFamily, "simul_process_spawns", "Child processes started.", self._model.spawned)
        yield self._one(CounterMetricFamily, "simul_requests_rejected", "Requests refused with RESOURCE_EXHAUSTED.",
                        self._admission.rejected)
        yield self._one(CounterMetricFamily, "simul_queue_expired",
                        "Queued requests whose caller went (deadline or cancellation) before they started; they never ran.",
                        self._model.expired_in_queue)

    def _one(self, family: type, name: str, text: str, value: float) -> Metric:
        metric = family(name, text, labels=self._labels)
        metric.add_metric(self._values, value)
        return metric
