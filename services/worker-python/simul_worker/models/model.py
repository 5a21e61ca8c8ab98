"""
A way of running requests: the one thing the models do differently. The transport has already
parsed, validated and admitted a request; the model decides where it runs and how it waits,
records its queue (and spawn) time, and returns the answer or raises WorkloadError (a full queue
is RESOURCE_EXHAUSTED). The transport's call ends with the model's run, so a model stops its work
before it returns, whatever ends the call.
"""

from abc import ABC, abstractmethod

from simul_worker.contract import worker_pb2
from simul_worker.gate import QueueGate
from simul_worker.job import Job


class Model(ABC):
    name: str
    settings: dict[str, str]  # the model's own, for Describe and the start line
    capabilities: worker_pb2.Capabilities  # what the model is; the transport adds the shared parts
    _gate: QueueGate  # where requests wait for a thread, a child slot or the event loop

    @property
    def queue_length(self) -> int:
        """Requests waiting for a thread, a child slot or the event loop."""
        return self._gate.length

    @property
    def expired_in_queue(self) -> int:
        """Requests that left the queue without starting: their deadline passed or their call
        was cancelled while they waited."""
        return self._gate.expired

    @property
    def started(self) -> int:
        """Requests that got their thread, child slot or turn on the event loop."""
        return self._gate.started

    @property
    def not_ready_reason(self) -> str | None:
        """Why the model cannot run a request now (health says NOT_SERVING), or None."""
        return None

    # Child processes: alive now, started so far, their memory, seconds of slots held (process model).
    child_processes = 0
    spawned = 0
    slot_seconds = 0.0

    def children_memory(self) -> tuple[int, int]:
        """Resident and proportional bytes of the live children."""
        return 0, 0

    def helper_cpu_seconds(self) -> float:
        """CPU seconds of the model's processes that the worker does not reap (the process
        model's fork server, with the children it has reaped), which /proc/self/stat misses."""
        return 0.0

    def start(self) -> None:
        """Called once, before the gRPC server starts."""

    @abstractmethod
    async def run(self, job: Job) -> int:
        """Runs the request; called on the transport's loop."""

    async def close(self) -> None:
        """Called once the server has stopped taking calls: nothing of the model may outlive it."""
