"""
The worker's tracing, from the standard variables: spans are exported over OTLP only where
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT name an endpoint (and
OTEL_SDK_DISABLED is not true); otherwise they are not recorded at all. The process model's
children send their spans back with their replies; they are exported from here, as
"<service name>-child", so no child starts an exporter of its own.
"""

from simul_worker.otlp import Endpoint, OtlpExporter, Resource
from simul_worker.tracing import SpanSink, Tracer, sampler_from_environment


class Telemetry:
    def __init__(self) -> None:
        self._endpoint = Endpoint.from_environment()
        self._exporter: OtlpExporter | None = None
        self._resource: Resource | None = None

    def start(self, default_service_name: str) -> Tracer:
        """Starts the exporter's thread (after the process model's fork server has started)."""
        if self._endpoint is not None:
            self._resource = Resource.of_worker(default_service_name)
            self._exporter = OtlpExporter(self._endpoint)
        return Tracer(sampler_from_environment(), self._exporter.sink(self._resource) if self._exporter else None)

    def child_sink(self, pid: int) -> SpanSink | None:
        """Where the spans of the process model's child `pid` go."""
        return self._exporter.sink(self._resource.of_child(pid)) if self._exporter else None

    def shutdown(self) -> None:
        if self._exporter:
            self._exporter.shutdown()
