"""
The process model's child: forked by the fork server for one request, it runs the workload with
blocking waits like any ordinary synchronous program, sends back a ChildReply (work.proto), its
spans and its count of phases (which a WorkReply does not carry), and exits. It dies with the
fork server, which dies with the worker.
"""

import functools
import os
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from simul_worker.blocking import BlockingDriver
from simul_worker.blocking_http import BlockingHttp
from simul_worker.contract import otlp_pb2, work_pb2, worker_pb2
from simul_worker.errors import WorkloadError
from simul_worker.job import Job
from simul_worker.parent_death import die_with_parent
from simul_worker.timing import RequestTiming
from simul_worker.tracing import SpanContext, Tracer


@dataclass(frozen=True)
class Orders:
    """What the worker tells a child: the request, and what it needs to run and report it."""

    item: bytes  # a serialized WorkItem
    upstream: str
    fork_server_pid: int
    trace: SpanContext  # the request's span in the worker, which the child's span continues
    recording: bool
    timeline: bool


@functools.cache
def upstream_http() -> BlockingHttp:
    """Built once in the fork server (see fork_server.py); every child inherits it through fork."""
    return BlockingHttp()


def serve(orders: Orders, replies: Connection) -> None:
    die_with_parent(orders.fork_server_pid)
    spans = otlp_pb2.ScopeSpans()
    tracer = Tracer(lambda parent, _: parent is not None and parent.sampled, spans.spans.append if orders.recording else None)
    span = tracer.span("child process", orders.trace)
    # The child's work begins here (it has read its request): the worker's spawn phase ends here.
    timing = RequestTiming(span, orders.timeline)
    item = work_pb2.WorkItem.FromString(orders.item)
    span.set("simul.workload", item.WhichOneof("workload")).set("process.pid", os.getpid())
    timing.thread_id = threading.get_native_id()
    reply = work_pb2.ChildReply(started_unix_us=timing.arrived_unix_us)
    try:
        with timing.holding_thread(lock_counts=False):
            value = BlockingDriver(orders.upstream, upstream_http()).run(Job(item, timing))
        reply.reply.CopyFrom(worker_pb2.WorkReply(value=value, pid=os.getpid(), timing=timing.finish(), thread_id=timing.thread_id))
    except WorkloadError as error:
        reply.error.CopyFrom(work_pb2.ChildError(code=error.code, message=error.message))
        span.fail(error.message)
    span.end()
    replies.send((reply.SerializeToString(), spans.SerializeToString(), timing.phases))


def report_parent(replies: Connection) -> None:
    """The fork server's warm-up child: says who its parent is (the fork server: every child's),
    and whether it inherited the fork server's preload (multiprocessing ignores a preload that
    fails to import)."""
    replies.send((os.getppid(), "simul_worker.models.fork_server" in sys.modules))
