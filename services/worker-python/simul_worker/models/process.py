"""
python-process: a fresh process per request, at most MaxChildren alive; further requests queue
for a slot, and past MaxQueue they are refused. The OS runs the children side by side on every
core; each reply's spawn time is the price of a process per request. A slot is held from the
child's start until it has exited, not merely answered. A cancelled or expired call kills its
child (SIGKILL) and reaps it before the call ends.

Children come from multiprocessing's fork server, started before the gRPC server: fork of the
worker itself is unsafe once grpcio's threads run (grpcio's fork support is off by default),
spawn re-imports everything for every child (~54 ms), and the fork server forks a process that is
single-threaded and has imported everything already (children.py, fork_server.py).
"""

import asyncio
import time
from collections.abc import Callable

from simul_worker.contract import worker_pb2
from simul_worker.gate import QueueGate
from simul_worker.job import Job
from simul_worker.models.children import Children
from simul_worker.models.model import Model
from simul_worker.settings import Settings
from simul_worker.tracing import SpanSink


class ProcessModel(Model):
    name = "python-process"

    def __init__(self, settings: Settings, child_spans: Callable[[int], SpanSink | None]) -> None:
        self._children = Children(settings.upstream, child_spans)
        self._gate = QueueGate(settings.max_queue, "all child slots are busy")
        self._slots = asyncio.Semaphore(settings.max_children)
        self._slot_ns = 0
        self._not_ready: str | None = "the fork server has not started"
        self.settings = {"max_children": str(settings.max_children), "start_method": "forkserver"}
        self.capabilities = worker_pb2.Capabilities(
            family=worker_pb2.FAMILY_PROCESSES,
            limit=worker_pb2.ConcurrencyLimit(kind=worker_pb2.ConcurrencyLimit.CHILD_SLOTS, count=settings.max_children),
            compute=worker_pb2.ComputeLimit(kind=worker_pb2.ComputeLimit.CORES, count=0),
            detail="forkserver",
        )

    @property
    def not_ready_reason(self) -> str | None:
        return self._not_ready

    @property
    def child_processes(self) -> int:
        return self._children.alive

    @property
    def spawned(self) -> int:
        return self._children.spawned

    @property
    def slot_seconds(self) -> float:
        return self._slot_ns / 1e9

    def children_memory(self) -> tuple[int, int]:
        return self._children.memory()

    def helper_cpu_seconds(self) -> float:
        return self._children.fork_server_cpu_seconds()

    def start(self) -> None:
        self._not_ready = self._children.start_fork_server()

    async def run(self, job: Job) -> int:
        with self._gate.join(job.cancellation) as place:
            await self._slots.acquire()
            place.start(job.timing)
        held_since = time.monotonic_ns()
        try:
            child = self._children.spawn(job)
        except BaseException:
            self._release(held_since)
            raise
        child.exited.add_done_callback(lambda _: self._release(held_since))
        try:
            return await child.answer(job)
        except BaseException:
            # Cancelled, expired or failed: the child is ended and reaped before the call ends.
            child.kill()
            await asyncio.shield(child.exited)
            raise

    def _release(self, held_since: int) -> None:
        self._slot_ns += time.monotonic_ns() - held_since
        self._slots.release()

    async def close(self) -> None:
        await self._children.close()
