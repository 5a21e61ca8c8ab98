"""
The worker's transport and life. The gRPC server (grpc.aio) runs on an asyncio loop in the main
thread: it answers Describe, health and reflection itself at all times, and hands admitted work
to the model, which runs it where it runs it (a pool thread, its own event loop's thread, a child
process). On SIGTERM or SIGINT the worker says NOT_SERVING at once and keeps serving for
DrainDelay (so a balancer that polls health stops sending first), then stops taking calls and
lets those in flight finish within ShutdownGrace, ends what the model still runs, flushes its
spans, and exits 0.
"""

import asyncio
import logging
import os
import signal

import grpc

from simul_worker.admission import Admission
from simul_worker.describe import Description
from simul_worker.health import SERVICE as HEALTH_SERVICE
from simul_worker.health import Health
from simul_worker.http_port import HealthPort
from simul_worker.metrics import WorkerMetrics
from simul_worker.models.asyncio_loop import AsyncioModel
from simul_worker.models.model import Model
from simul_worker.models.process import ProcessModel
from simul_worker.models.threads import ThreadsModel
from simul_worker.reflection import SERVICES as REFLECTION_SERVICES
from simul_worker.reflection import Reflection
from simul_worker.service import SERVICE, WorkerService
from simul_worker.settings import Settings, SettingsError
from simul_worker.telemetry import Telemetry
from simul_worker.tracing import Tracer

# Past it, grpcio itself answers RESOURCE_EXHAUSTED.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
_log = logging.getLogger("simul_worker")


def run(settings: Settings) -> int:
    telemetry = Telemetry()
    model = _model(settings, telemetry)
    # First, while the process is single-threaded: the process model starts its fork server.
    model.start()
    tracer = telemetry.start(f"worker-{model.name}")
    try:
        return asyncio.run(_serve(settings, model, tracer))
    finally:
        telemetry.shutdown()


def _model(settings: Settings, telemetry: Telemetry) -> Model:
    match settings.model:
        case "asyncio":
            return AsyncioModel(settings)
        case "threads":
            return ThreadsModel(settings)
        case _:
            return ProcessModel(settings, telemetry.child_sink)


async def _serve(settings: Settings, model: Model, tracer: Tracer) -> int:
    admission = Admission(settings.max_in_flight)
    metrics = WorkerMetrics(model, admission)
    description = Description(model, admission, settings)
    health = Health(model)
    worker = WorkerService(model, admission, metrics, tracer, description)
    reflection = Reflection([SERVICE, HEALTH_SERVICE, *REFLECTION_SERVICES])

    # No SO_REUSEPORT: a second worker on a taken port must fail, not share it.
    server = grpc.aio.server(options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES), ("grpc.so_reuseport", 0)])
    server.add_generic_rpc_handlers([worker.handler(), health.handler(), *reflection.handlers()])
    try:
        server.add_insecure_port(settings.listen.grpc_address)
        health_port = HealthPort(settings.health_url, health, metrics) if settings.health_url else None
    except (RuntimeError, OSError) as error:
        raise SettingsError(f"cannot listen where --urls and Simul__HealthUrl say: {error}") from error
    await server.start()
    addresses = [settings.listen.url]
    if health_port:
        health_port.start()
        addresses.append(settings.health_url.url)
    shown = " ".join(f"{key}={value}" for key, value in sorted(description.settings.items()))
    _log.info("worker model=%s pid=%d listening on %s settings: %s", model.name, os.getpid(), ", ".join(addresses), shown)

    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stopping.set)
    sampling = asyncio.create_task(description.sample_peaks())
    await stopping.wait()

    health.start_draining()
    await asyncio.sleep(settings.drain_delay_seconds)
    await server.stop(settings.shutdown_grace_seconds)
    sampling.cancel()
    await model.close()
    if health_port:
        health_port.stop()
    return 0
