"""
The blocking driver: carries a workload out the way ordinary synchronous code does, start to end
on the calling thread, which it holds throughout. CPU work runs to its end; a sleep holds the
thread; GETs are synchronous. The call's cancellation ends a wait at once and CPU work within a
slice. The threads model, the blocking loop and the process model's child all drive with this.
"""

import httpx

from simul_worker.blocking_http import BlockingHttp
from simul_worker.cpu import CpuTask
from simul_worker.job import Job
from simul_worker.workload import Compute, Fetch, Instruction, Plan, Sleep

# About 0.25 ms of trial division or 85 ms of CpuBurn in CPython between two looks at the
# cancellation: too few to cost anything, often enough that a cancelled call stops promptly.
CANCELLATION_CHECK_STEPS = 10_000


def compute_to_end(task: CpuTask, job: Job) -> None:
    """CPU work as one work phase, holding the thread (or the loop) until it is done."""
    with job.timing.work():
        while not task.run(CANCELLATION_CHECK_STEPS):
            job.cancellation.check()


class BlockingDriver:
    def __init__(self, upstream: str, http: BlockingHttp) -> None:
        self._upstream = upstream
        self._http = http

    def run(self, job: Job) -> int:
        plan = Plan(job.item, self._upstream)
        while plan.instruction is not None:
            try:
                result = self._carry_out(plan.instruction, job)
            except httpx.HTTPError as error:
                plan.fail(error)
            else:
                plan.resume(result)
        return plan.value

    def _carry_out(self, instruction: Instruction, job: Job) -> int | None:
        match instruction:
            case Compute(task):
                compute_to_end(task, job)
            case Sleep(seconds):
                with job.timing.wait("sleep", awaited=False) as wait:
                    wait.due_in(seconds)
                    job.cancellation.sleep(seconds)
            case Fetch(urls):
                with job.timing.wait("fetch", awaited=False) as wait:
                    return self._http.get_all(urls, wait, job.cancellation)
        return None
