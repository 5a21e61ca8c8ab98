"""
A small OTLP trace exporter, written here because no OpenTelemetry SDK for Python is packaged in
Debian. Spans are queued without blocking; a background thread sends them in batches over
OTLP/gRPC or OTLP/HTTP (protobuf). A collector that is down or hangs costs dropped spans, counted
and logged, never a slower or failed request: the queue is bounded, every export has a timeout.
Configured by the standard variables (services/telemetry/OtlpEndpoints.cs has the rules).
"""

import logging
import os
import queue
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from urllib.parse import unquote, urlsplit

import grpc
import httpx

from simul_worker.contract import otlp_pb2
from simul_worker.tracing import SpanSink, attributes

SCOPE_NAME = "Simul.Worker"
_EXPORT_METHOD = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Endpoint:
    url: str
    protocol: str  # "grpc" or "http/protobuf"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> "Endpoint | None":
        if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
            return None
        protocol = (environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "").strip()
        protocol = "http/protobuf" if protocol == "http/protobuf" else "grpc"
        if specific := environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip():
            return cls(specific, protocol)
        if general := environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip():
            return cls(general.rstrip("/") + "/v1/traces" if protocol == "http/protobuf" else general, protocol)
        return None


@dataclass(frozen=True)
class Resource:
    """What produced spans: a process, named by its service.name and pid."""

    attributes: tuple[tuple[str, str | int], ...]

    @classmethod
    def of_worker(cls, default_service_name: str, environ: Mapping[str, str] = os.environ) -> "Resource":
        values: dict[str, str | int] = {
            "service.name": default_service_name,
            "service.instance.id": f"{socket.gethostname()}:{os.getpid()}",
            "telemetry.sdk.name": "simul",
            "telemetry.sdk.language": "python",
            "process.pid": os.getpid(),
        }
        for pair in environ.get("OTEL_RESOURCE_ATTRIBUTES", "").split(","):
            key, _, value = pair.partition("=")
            if key.strip() and value.strip():
                values[unquote(key.strip())] = unquote(value.strip())
        if service_name := environ.get("OTEL_SERVICE_NAME", "").strip():
            values["service.name"] = service_name
        return cls(tuple(values.items()))

    def of_child(self, pid: int) -> "Resource":
        """The process model's child, as "<service name>-child" (its spans come back with its reply)."""
        values = dict(self.attributes)
        values["service.name"] = f"{values['service.name']}-child"
        values["service.instance.id"] = f"{socket.gethostname()}:{pid}"
        values["process.pid"] = pid
        return Resource(tuple(values.items()))


class OtlpExporter:
    def __init__(self, endpoint: Endpoint, environ: Mapping[str, str] = os.environ) -> None:
        self._endpoint = endpoint
        self._delay = _whole(environ, "OTEL_BSP_SCHEDULE_DELAY", 5_000) / 1_000
        self._batch_size = max(1, _whole(environ, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512))
        self._timeout = _whole(environ, "OTEL_EXPORTER_OTLP_TIMEOUT", 10_000) / 1_000
        self._queue: queue.Queue[tuple[Resource, otlp_pb2.Span]] = queue.Queue(max(1, _whole(environ, "OTEL_BSP_MAX_QUEUE_SIZE", 2_048)))
        self._wake = threading.Event()
        self._stop_by: float | None = None
        self._dropped_lock = threading.Lock()
        self._dropped = 0
        self._failing = False
        self._send = self._grpc_sender() if endpoint.protocol == "grpc" else self._http_sender()
        self._thread = threading.Thread(target=self._run, name="otlp exporter", daemon=True)
        self._thread.start()

    def sink(self, resource: Resource) -> SpanSink:
        return partial(self.add, resource)

    def add(self, resource: Resource, span: otlp_pb2.Span) -> None:
        try:
            self._queue.put_nowait((resource, span))
        except queue.Full:
            self._drop(1)
            return
        if self._queue.qsize() >= self._batch_size:
            self._wake.set()

    def shutdown(self, within_seconds: float = 1.0) -> None:
        """Sends what is queued, within the bound: a slow collector must not hold the exit."""
        self._stop_by = time.monotonic() + within_seconds
        self._wake.set()
        self._thread.join(within_seconds)
        if self._dropped:
            _log.warning("the trace exporter dropped %d spans (its queue was full, or %s did not take them)",
                         self._dropped, self._endpoint.url)

    def _drop(self, spans: int) -> None:
        with self._dropped_lock:
            self._dropped += spans

    def _run(self) -> None:
        while True:
            self._wake.wait(self._delay)
            self._wake.clear()
            while batch := self._take():
                self._export(batch)
            if self._stop_by is not None:
                return

    def _take(self) -> list[tuple[Resource, otlp_pb2.Span]]:
        batch = []
        while len(batch) < self._batch_size:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return batch

    def _export(self, batch: list[tuple[Resource, otlp_pb2.Span]]) -> None:
        by_resource: dict[Resource, list[otlp_pb2.Span]] = defaultdict(list)
        for resource, span in batch:
            by_resource[resource].append(span)
        request = otlp_pb2.ExportTraceServiceRequest(resource_spans=[
            otlp_pb2.ResourceSpans(
                resource=otlp_pb2.Resource(attributes=attributes(dict(resource.attributes))),
                scope_spans=[otlp_pb2.ScopeSpans(scope=otlp_pb2.InstrumentationScope(name=SCOPE_NAME), spans=spans)],
            )
            for resource, spans in by_resource.items()
        ])
        timeout = self._timeout if self._stop_by is None else max(0.0, min(self._timeout, self._stop_by - time.monotonic()))
        try:
            self._send(request, timeout)
        except (grpc.RpcError, httpx.HTTPError) as error:
            self._drop(len(batch))
            if not self._failing:
                _log.warning("trace export to %s failed, spans are dropped until it answers: %s", self._endpoint.url, _reason(error))
            self._failing = True
            return
        self._failing = False

    def _grpc_sender(self):
        parts = urlsplit(self._endpoint.url if "://" in self._endpoint.url else "http://" + self._endpoint.url)
        target = parts.netloc or parts.path
        channel = grpc.secure_channel(target, grpc.ssl_channel_credentials()) if parts.scheme == "https" else grpc.insecure_channel(target)
        export = channel.unary_unary(_EXPORT_METHOD, request_serializer=otlp_pb2.ExportTraceServiceRequest.SerializeToString,
                                     response_deserializer=otlp_pb2.ExportTraceServiceResponse.FromString)
        return lambda request, timeout: export(request, timeout=timeout)

    def _http_sender(self):
        client = httpx.Client()

        def send(request: otlp_pb2.ExportTraceServiceRequest, timeout: float) -> None:
            response = client.post(self._endpoint.url, content=request.SerializeToString(),
                                   headers={"Content-Type": "application/x-protobuf"}, timeout=timeout)
            response.raise_for_status()

        return send


def _whole(environ: Mapping[str, str], name: str, default: int) -> int:
    try:
        return max(0, int(environ.get(name, default)))
    except ValueError:
        return default


def _reason(error: Exception) -> str:
    return error.details() if isinstance(error, grpc.RpcError) and hasattr(error, "details") else str(error)
