"""
The workloads, written once. Each is a generator that computes and waits by yielding
instructions (compute this task, sleep this long, fetch these URLs) and is sent each one's result.
A driver carries the instructions out: the blocking driver the way synchronous code does (pool
threads, the blocking loop, the process model's child), the awaiting driver by awaiting (the
asyncio model). What is computed and waited for, and what makes the answer, is here; how the
steps are done and timed is the driver's.
"""

from collections.abc import Callable, Generator
from dataclasses import dataclass
from itertools import count
from urllib.parse import urljoin

import httpx

from simul_worker.contract import work_pb2, worker_pb2
from simul_worker.cpu import CpuBurn, CpuTask, TrialDivision
from simul_worker.errors import Status, WorkloadError


@dataclass(frozen=True)
class Compute:
    task: CpuTask


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Fetch:
    """GETs of these URLs, all at once: one wait for all of them. The result is the bytes received."""

    urls: tuple[str, ...]


Instruction = Compute | Sleep | Fetch
Steps = Generator[Instruction, int | None, int]


class Plan:
    """A workload being carried out: the instruction it is at, advanced with each result. An
    HTTP failure is thrown into the workload, which says what it means for the request."""

    def __init__(self, item: work_pb2.WorkItem, upstream: str) -> None:
        self._steps = _steps_of(item, upstream)
        self.instruction: Instruction | None = None
        self.value = 0
        self._advance(self._steps.send, None)

    def resume(self, result: int | None) -> None:
        self._advance(self._steps.send, result)

    def fail(self, error: httpx.HTTPError) -> None:
        self._advance(self._steps.throw, error)

    def _advance(self, step: Callable, argument: object) -> None:
        try:
            self.instruction = step(argument)
        except StopIteration as finished:
            self.instruction = None
            self.value = finished.value


def _steps_of(item: work_pb2.WorkItem, upstream: str) -> Steps:
    match item.WhichOneof("workload"):
        case "prime":
            return _prime(item.prime)
        case "fetch":
            return _fetch(item.fetch, upstream)
        case "steps":
            return _chess_steps(item.steps)
    raise WorkloadError(Status.INVALID_ARGUMENT, "the work item names no workload")


def _prime(request: worker_pb2.PrimeRequest) -> Steps:
    """The highest prime below `below`: test each candidate, counting down, and wait after each
    test (also after the prime's), as the source experiment does."""
    for candidate in count(request.below - 1, -1):
        test = TrialDivision(candidate)
        yield Compute(test)
        if request.wait_ms:
            yield Sleep(request.wait_ms / 1_000)
        if test.is_prime:
            return candidate  # 2 is prime, so the loop ends by below = 3 at the latest


def _fetch(request: worker_pb2.FetchRequest, upstream: str) -> Steps:
    """`count` slow GETs to upstream, one after another or all at once; the answer is the number
    of bytes received, which must be what was asked for."""
    # Only ever the configured upstream: a request chooses numbers, never an address.
    url = urljoin(upstream, f"delay/{request.delay_ms}?bytes={request.size_bytes}")
    try:
        if request.concurrent:
            received = yield Fetch((url,) * request.count)
        else:
            received = 0
            for _ in range(request.count):
                received += yield Fetch((url,))
    except httpx.HTTPError as error:
        raise WorkloadError(Status.UNAVAILABLE, f"upstream {upstream} failed: {error}") from error
    expected = request.count * request.size_bytes
    if received != expected:
        raise WorkloadError(Status.DATA_LOSS, f"upstream sent {received} bytes, {expected} were asked for")
    return received


def _chess_steps(request: worker_pb2.StepsRequest) -> Steps:
    """`steps` rounds of computing for `work_us` of CPU time, then waiting `wait_us`: one board of
    a chess simul, the champion's move then the opponent's."""
    for _ in range(request.steps):
        yield Compute(CpuBurn(request.work_us))
        if request.wait_us:
            yield Sleep(request.wait_us / 1_000_000)
    return request.steps
