"""
The queue in front of what a model has only so many of: pool threads, child slots, the event
loop. A request joins it, or is refused with RESOURCE_EXHAUSTED when MaxQueue wait already; it
leaves when it starts, which ends its queue phase, or the moment its caller goes (the deadline
passed or the call was cancelled): then it is counted as expired and never starts, and its place
is free at once, so requests dead in the queue neither fill it nor take a thread or the loop.
One gate for every model, so every model queues and refuses alike.
"""

import threading
import time
from collections.abc import Callable

from simul_worker.cancellation import Cancellation, RequestCancelled
from simul_worker.errors import Status, WorkloadError
from simul_worker.timing import RequestTiming


class QueueGate:
    def __init__(self, max_queue: int, what_is_busy: str) -> None:
        self._max_queue = max_queue
        self._what_is_busy = what_is_busy
        self._lock = threading.Lock()  # joined on the transport's thread, left where the work starts
        self._waiting = 0
        self._expired = 0
        self._started = 0

    @property
    def length(self) -> int:
        return self._waiting

    @property
    def expired(self) -> int:
        """Requests that left the queue without starting, their caller gone."""
        return self._expired

    @property
    def started(self) -> int:
        """Requests that left the queue to start (Describe's `started`): with `length` it tells a
        request on its way to the queue from one that runs."""
        return self._started

    def join(self, cancellation: Cancellation, expired: Callable[[], object] | None = None) -> "Place":
        """A place in the queue; if the call is cancelled first, the place is left and `expired`
        called (so the model can end the call without waiting for a thread or the loop)."""
        with self._lock:
            if self._waiting >= self._max_queue:
                raise WorkloadError(Status.RESOURCE_EXHAUSTED, f"{self._what_is_busy} and {self._max_queue} requests are queued already")
            self._waiting += 1
        place = Place(self, expired)
        cancellation.on_cancel(place.expire)
        return place

    def _leave(self, place: "Place", expiring: bool) -> bool:
        with self._lock:
            if place.left:
                return False
            place.left = True
            self._waiting -= 1
            self._expired += expiring
            self._started += not expiring
            return True


class Place:
    """One request's place in the queue, left once: by starting, or by its caller going (the
    call's cancellation, or the end of a `with` block around the wait before it started)."""

    def __init__(self, gate: QueueGate, expired: Callable[[], object] | None) -> None:
        self._gate = gate
        self._expired = expired
        self._joined = time.monotonic_ns()
        self.left = False

    def start(self, timing: RequestTiming) -> None:
        """Leaves the queue to start; raises RequestCancelled when the request expired in it."""
        if not self._gate._leave(self, expiring=False):
            raise RequestCancelled()
        timing.end_queue(self._joined)

    def expire(self) -> None:
        if self._gate._leave(self, expiring=True) and self._expired is not None:
            self._expired()

    def __enter__(self) -> "Place":
        return self

    def __exit__(self, *_: object) -> None:
        self.expire()
