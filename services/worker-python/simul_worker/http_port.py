"""
The optional HTTP/1.1 port (Simul__HealthUrl) for probes and scrapers that do not speak gRPC (the
gRPC port is HTTP/2 only): GET /healthz ("Healthy" 200, or "Unhealthy" 503, the answer
grpc.health.v1 gives) and GET /metrics (Prometheus text). The standard library's
ThreadingHTTPServer serves it on a background thread, logging nothing per request.
"""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST

from simul_worker.health import Health
from simul_worker.metrics import WorkerMetrics
from simul_worker.settings import Endpoint


class HealthPort:
    def __init__(self, endpoint: Endpoint, health: Health, metrics: WorkerMetrics) -> None:
        server_type = _IPv6Server if endpoint.host and ":" in endpoint.host else _Server
        self._server = server_type((endpoint.host or "", endpoint.port), _Handler)
        self._server.health = health
        self._server.metrics = metrics
        self._thread = threading.Thread(target=self._server.serve_forever, name="health port", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    health: Health
    metrics: WorkerMetrics


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        match self.path.split("?")[0]:
            case "/healthz":
                healthy = self.server.health.unhealthy_reason is None
                self._answer(200 if healthy else 503, "text/plain", b"Healthy" if healthy else b"Unhealthy")
            case "/metrics":
                self._answer(200, CONTENT_TYPE_LATEST, self.server.metrics.exposition())
            case _:
                self._answer(404, "text/plain", b"Not Found")

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Nothing per request: probes and scrapes come every few seconds."""
