"""
What a request may ask for, with the .NET workers' bounds and messages (WorkloadLimits.cs): they
keep one request's cost finite. A request out of bounds is INVALID_ARGUMENT naming the field.
"""

from simul_worker.contract import work_pb2
from simul_worker.errors import Status, WorkloadError

MAX_PRIME_BELOW = 100_000_000
MAX_WAIT_MS = 60_000
MAX_FETCH_COUNT = 100
MAX_FETCH_BYTES = 8 * 1024 * 1024
MAX_FETCH_TOTAL_BYTES = 64 * 1024 * 1024
MAX_STEPS = 1_000
MAX_STEP_WORK_US = 10_000_000
MAX_STEP_WAIT_US = 60_000_000


def validate(item: work_pb2.WorkItem) -> None:
    match item.WhichOneof("workload"):
        case "prime":
            prime = item.prime
            _check(prime.below >= 3, f"below must be at least 3: there is no prime below {prime.below}")
            _check(prime.below <= MAX_PRIME_BELOW, f"below must be at most {MAX_PRIME_BELOW}, got {prime.below}")
            _check_range("wait_ms", prime.wait_ms, MAX_WAIT_MS)
        case "fetch":
            fetch = item.fetch
            _check(1 <= fetch.count <= MAX_FETCH_COUNT, f"count must be 1 to {MAX_FETCH_COUNT}, got {fetch.count}")
            _check_range("delay_ms", fetch.delay_ms, MAX_WAIT_MS)
            _check_range("size_bytes", fetch.size_bytes, MAX_FETCH_BYTES)
            total = fetch.count * fetch.size_bytes
            _check(total <= MAX_FETCH_TOTAL_BYTES, f"count * size_bytes must be at most {MAX_FETCH_TOTAL_BYTES}, got {total}")
        case "steps":
            steps = item.steps
            _check(1 <= steps.steps <= MAX_STEPS, f"steps must be 1 to {MAX_STEPS}, got {steps.steps}")
            _check_range("work_us", steps.work_us, MAX_STEP_WORK_US)
            _check_range("wait_us", steps.wait_us, MAX_STEP_WAIT_US)
        case _:
            _check(False, "the work item names no workload")


def _check_range(field: str, value: int, maximum: int) -> None:
    _check(0 <= value <= maximum, f"{field} must be 0 to {maximum}, got {value}")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise WorkloadError(Status.INVALID_ARGUMENT, message)
