"""
simul.v1.Worker, the same for every model: a work request is parsed, validated and admitted, then
handed to the model, and the reply says where its time went. However a request ends, its status
and time are recorded (metrics) and its server span, with the phases under it, is finished.
Describe answers at all times and is neither refused nor traced.
"""

import asyncio
import logging
import time
from dataclasses import dataclass
from functools import partial

import grpc
from google.protobuf.message import DecodeError, Message

from simul_worker import limits
from simul_worker.admission import Admission
from simul_worker.contract import work_pb2, worker_pb2
from simul_worker.describe import Description
from simul_worker.errors import Status, WorkloadError
from simul_worker.job import Job
from simul_worker.metrics import WorkerMetrics
from simul_worker.models.model import Model
from simul_worker.timing import DETAILED_PHASE_LIMIT, PHASES, RequestTiming
from simul_worker.tracing import Span, Tracer

SERVICE = "simul.v1.Worker"
_GRPC_CODES = {code.value[0]: code for code in grpc.StatusCode}
# Each work method: its workload (the WorkItem field, the metrics label) and its request message.
_WORK = {
    "Prime": ("prime", worker_pb2.PrimeRequest),
    "Fetch": ("fetch", worker_pb2.FetchRequest),
    "Steps": ("steps", worker_pb2.StepsRequest),
}
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Unparsed:
    """Bytes that are not the request message. The deserializer hands this to the handler, which
    answers INTERNAL saying so: grpcio's answer to a deserializer that raises says nothing."""

    reason: str


class WorkerService:
    def __init__(self, model: Model, admission: Admission, metrics: WorkerMetrics, tracer: Tracer, description: Description) -> None:
        self._model = model
        self._admission = admission
        self._metrics = metrics
        self._tracer = tracer
        self._description = description

    def handler(self) -> grpc.GenericRpcHandler:
        methods = {
            method: grpc.unary_unary_rpc_method_handler(partial(self._work, method, workload), _parsing(message, method),
                                                        worker_pb2.WorkReply.SerializeToString)
            for method, (workload, message) in _WORK.items()
        }
        methods["Describe"] = grpc.unary_unary_rpc_method_handler(self._describe, _parsing(worker_pb2.DescribeRequest, "Describe"),
                                                                  worker_pb2.WorkerInfo.SerializeToString)
        return grpc.method_handlers_generic_handler(SERVICE, methods)

    async def _describe(self, request: Message | _Unparsed, context: grpc.aio.ServicerContext) -> worker_pb2.WorkerInfo:
        if isinstance(request, _Unparsed):
            await context.abort(grpc.StatusCode.INTERNAL, request.reason)
        return self._description.now()

    async def _work(self, method: str, workload: str, request: Message | _Unparsed,
                    context: grpc.aio.ServicerContext) -> worker_pb2.WorkReply:
        span = self._tracer.server_span(f"{SERVICE}/{method}", context.invocation_metadata() or ())
        timing = RequestTiming(span, timeline=getattr(request, "timeline", False))
        status, totals, admitted = grpc.StatusCode.OK, None, False
        try:
            if isinstance(request, _Unparsed):
                raise WorkloadError(Status.INTERNAL, request.reason)
            item = work_pb2.WorkItem(**{workload: request})
            limits.validate(item)
            with self._admission.admit(workload):
                admitted = True
                value = await self._model.run(Job(item, timing))
            totals = timing.finish()
            return worker_pb2.WorkReply(value=value, model=self._model.name, pid=timing.process_id, timing=totals,
                                        thread_id=timing.thread_id)
        except WorkloadError as error:
            status = _GRPC_CODES[error.code]
            span.fail(error.message)
            await context.abort(status, error.message)
        except asyncio.CancelledError:
            remaining = context.time_remaining()
            status = grpc.StatusCode.DEADLINE_EXCEEDED if remaining is not None and remaining <= 0 else grpc.StatusCode.CANCELLED
            span.fail(f"the call ended: {status.name}")
            raise
        except Exception:
            _log.exception("%s/%s failed", SERVICE, method)
            status = grpc.StatusCode.INTERNAL
            span.fail("the worker failed")
            await context.abort(grpc.StatusCode.INTERNAL, "the worker failed unexpectedly: its log says why")
        finally:
            # A request refused by admission or a full queue has no phases: only its duration.
            if totals is None and admitted and status != grpc.StatusCode.RESOURCE_EXHAUSTED:
                totals = timing.finish()
            seconds = totals.total_us / 1e6 if totals else (time.monotonic_ns() - timing.arrived) / 1e9
            self._metrics.record(workload, seconds, status.value[0], totals)
            self._end_span(span, method, status, timing, totals)

    def _end_span(self, span: Span, method: str, status: grpc.StatusCode, timing: RequestTiming, totals: worker_pb2.Timing | None) -> None:
        span.set("rpc.system.name", "grpc").set("rpc.method", f"{SERVICE}/{method}").set("rpc.response.status_code", status.name)
        if totals is not None:
            # The totals go on the request's span, so a trace search can filter on them.
            span.set("simul.model", self._model.name).set("simul.total_us", totals.total_us)
            for phase in PHASES:
                span.set(f"simul.{phase}_us", getattr(totals, f"{phase}_us"))
            span.set("simul.phases", timing.phases).set("simul.phases_detailed", min(timing.phases, DETAILED_PHASE_LIMIT))
            span.set("process.pid", timing.process_id).set("thread.id", timing.thread_id)
        span.end()


def _parsing(message: type[Message], method: str):
    def parse(data: bytes) -> Message | _Unparsed:
        try:
            return message.FromString(data)
        except DecodeError as error:
            return _Unparsed(f"the request to /{SERVICE}/{method} could not be parsed as {message.DESCRIPTOR.full_name}: {error}")

    return parse
