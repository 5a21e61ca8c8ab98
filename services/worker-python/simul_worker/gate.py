"""
The queue in front of what a model has only so many of: pool threads, child slots, the event
loop. A request joins it, or is refused with RESOURCE_EXHAUSTED when MaxQueue wait already; it
leaves when it starts, which ends its queue phase, or when it gives up (cancelled while waiting).
One gate for every model, so every model queues and refuses alike.
"""

import threading
import time

from simul_worker.errors import Status, WorkloadError
from simul_worker.timing import RequestTiming


class QueueGate:
    def __init__(self, max_queue: int, what_is_busy: str) -> None:
        self._max_queue = max_queue
        self._what_is_busy = what_is_busy
        self._lock = threading.Lock()  # joined on the transport's thread, left where the work starts
        self._waiting = 0

    @property
    def length(self) -> int:
        return self._waiting

    def join(self) -> "Place":
        with self._lock:
            if self._waiting >= self._max_queue:
                raise WorkloadError(Status.RESOURCE_EXHAUSTED, f"{self._what_is_busy} and {self._max_queue} requests are queued already")
            self._waiting += 1
        return Place(self)

    def _leave(self, place: "Place") -> bool:
        with self._lock:
            if place.left:
                return False
            place.left = True
            self._waiting -= 1
            return True


class Place:
    """One request's place in the queue, left once: by starting (start) or by giving up (the
    end of a `with` block around the wait)."""

    def __init__(self, gate: QueueGate) -> None:
        self._gate = gate
        self._joined = time.monotonic_ns()
        self.left = False

    def start(self, timing: RequestTiming) -> None:
        if self._gate._leave(self):
            timing.end_queue(self._joined)

    def __enter__(self) -> "Place":
        return self

    def __exit__(self, *_: object) -> None:
        self._gate._leave(self)
