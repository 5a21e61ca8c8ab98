"""
A call's cancellation (the client cancelled, or the deadline passed), for work that asyncio's
task cancellation cannot reach: a pool thread, an event loop held by blocking code, a socket
read. Blocking waits wait on it, so cancelling ends them at once; CPU work checks it between
slices; what only something outside can stop (a read blocked in recv) registers how to stop it.
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class RequestCancelled(Exception):
    """Raised inside work that saw its call cancelled; the call itself has ended already."""


class Cancellation:
    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._stops: list[Callable[[], None]] = []

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            stops, self._stops = self._stops, []
        for stop in stops:
            stop()

    def check(self) -> None:
        if self._event.is_set():
            raise RequestCancelled()

    def sleep(self, seconds: float) -> None:
        """Holds the thread exactly as time.sleep does, but wakes when the call is cancelled."""
        if self._event.wait(seconds):
            raise RequestCancelled()

    def on_cancel(self, stop: Callable[[], None]) -> None:
        """Calls `stop` when the call is cancelled (now, if it is already)."""
        with self._lock:
            if not self._event.is_set():
                self._stops.append(stop)
                return
        stop()

    @contextmanager
    def stopping(self, stop: Callable[[], None]) -> Iterator[None]:
        """Calls `stop` if the call is cancelled while inside the block."""
        self.on_cancel(stop)
        try:
            yield
        finally:
            with self._lock:
                if stop in self._stops:
                    self._stops.remove(stop)
