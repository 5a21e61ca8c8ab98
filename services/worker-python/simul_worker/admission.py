"""
Admission: a work request is admitted while fewer than MaxInFlight are in flight, else it is
RESOURCE_EXHAUSTED; every refusal is counted (admission's own and a model's full queue), and so
are the requests in flight, by workload, and completed. Describe is never refused: it is how
overload is seen. Used only on the transport's loop, so the counters need no lock.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from simul_worker.errors import Status, WorkloadError

WORKLOADS = ("prime", "fetch", "steps")


class Admission:
    def __init__(self, max_in_flight: int) -> None:
        self._max_in_flight = max_in_flight
        self.in_flight_by_workload = dict.fromkeys(WORKLOADS, 0)
        self.in_flight = 0
        self.completed = 0
        self.rejected = 0

    @contextmanager
    def admit(self, workload: str) -> Iterator[None]:
        if self.in_flight >= self._max_in_flight:
            self.rejected += 1
            raise WorkloadError(Status.RESOURCE_EXHAUSTED, f"{self._max_in_flight} requests are in flight already")
        self.in_flight += 1
        self.in_flight_by_workload[workload] += 1
        completed = False
        try:
            yield
            completed = True
        except WorkloadError as error:
            if error.code == Status.RESOURCE_EXHAUSTED:
                self.rejected += 1
            raise
        finally:
            self.in_flight -= 1
            self.in_flight_by_workload[workload] -= 1
            self.completed += completed
