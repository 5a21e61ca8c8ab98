"""
grpc.health.v1.Health, written here because grpcio-health-checking is not packaged in Debian (and
PyPI is out of reach). SERVING for "" and simul.v1.Worker while the worker can serve: not while
its model cannot (the fork server did not start, the event loop's thread died), nor once it was
told to stop and drains. The same answer backs GET /healthz on the health port, so a gRPC probe
and an HTTP one agree.
"""

import asyncio
from collections.abc import AsyncIterator

import grpc

from simul_worker.contract import health_pb2
from simul_worker.models.model import Model

SERVICE = "grpc.health.v1.Health"
_SERVICES = ("", "simul.v1.Worker")
# Watch re-reads the model's state this often; draining wakes it at once.
_WATCH_RECHECK_SECONDS = 1.0
_Status = health_pb2.HealthCheckResponse.ServingStatus


class Health:
    def __init__(self, model: Model) -> None:
        self._model = model
        self._draining = False
        self._drained = asyncio.Event()

    @property
    def unhealthy_reason(self) -> str | None:
        return "draining: the worker was told to stop" if self._draining else self._model.not_ready_reason

    def start_draining(self) -> None:
        self._draining = True
        self._drained.set()

    def handler(self) -> grpc.GenericRpcHandler:
        request, response = health_pb2.HealthCheckRequest.FromString, health_pb2.HealthCheckResponse.SerializeToString
        return grpc.method_handlers_generic_handler(SERVICE, {
            "Check": grpc.unary_unary_rpc_method_handler(self._check, request_deserializer=request, response_serializer=response),
            "Watch": grpc.unary_stream_rpc_method_handler(self._watch, request_deserializer=request, response_serializer=response),
        })

    def _status(self) -> int:
        return _Status.NOT_SERVING if self.unhealthy_reason else _Status.SERVING

    async def _check(self, request: health_pb2.HealthCheckRequest, context: grpc.aio.ServicerContext) -> health_pb2.HealthCheckResponse:
        if request.service not in _SERVICES:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"unknown service {request.service!r}")
        return health_pb2.HealthCheckResponse(status=self._status())

    async def _watch(self, request: health_pb2.HealthCheckRequest,
                     context: grpc.aio.ServicerContext) -> AsyncIterator[health_pb2.HealthCheckResponse]:
        if request.service not in _SERVICES:
            # As health.proto asks: say so, and keep the call open (until the worker drains).
            yield health_pb2.HealthCheckResponse(status=_Status.SERVICE_UNKNOWN)
            await self._drained.wait()
            return
        sent = None
        while True:
            if (status := self._status()) != sent:
                yield health_pb2.HealthCheckResponse(status=status)
                sent = status
            if self._draining:
                return  # draining is for good; an open stream would hold the server's stop
            try:
                await asyncio.wait_for(self._drained.wait(), _WATCH_RECHECK_SECONDS)
            except TimeoutError:
                pass
