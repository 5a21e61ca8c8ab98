"""
The awaiting driver: carries a workload out the way asyncio code does. Sleeps are asyncio.sleep
and GETs go through httpx.AsyncClient, several at once gathered; while a request waits, the loop
runs others. CPU work runs on the loop in slices of YieldEvery steps with `await
asyncio.sleep(0)` between them, so others run in between; with YieldEvery 0 it holds the loop to
its end. The call's cancellation arrives as the task's cancellation at its next await.
"""

import asyncio
import time

import httpx

from simul_worker.blocking import compute_to_end
from simul_worker.cpu import CpuTask
from simul_worker.job import Job
from simul_worker.timing import WaitPhase
from simul_worker.upstream import TIMEOUT, UNCAPPED, TracedGet
from simul_worker.workload import Compute, Fetch, Instruction, Plan, Sleep


class AwaitingDriver:
    def __init__(self, upstream: str, yield_every: int) -> None:
        self._upstream = upstream
        self._yield_every = yield_every
        self._client = httpx.AsyncClient(limits=UNCAPPED, timeout=TIMEOUT, trust_env=False)

    async def run(self, job: Job) -> int:
        plan = Plan(job.item, self._upstream)
        while plan.instruction is not None:
            try:
                result = await self._carry_out(plan.instruction, job)
            except httpx.HTTPError as error:
                plan.fail(error)
            else:
                plan.resume(result)
        return plan.value

    async def _carry_out(self, instruction: Instruction, job: Job) -> int | None:
        match instruction:
            case Compute(task):
                await self._compute(task, job)
            case Sleep(seconds):
                with job.timing.wait("sleep", awaited=True) as wait:
                    wait.due_in(seconds)
                    await asyncio.sleep(seconds)
            case Fetch(urls):
                with job.timing.wait("fetch", awaited=True) as wait:
                    # Each GET a task of its own, done when its reply is in: the request's
                    # coroutine resumes when the loop gets to it, and the time between is queue.
                    gets = [asyncio.ensure_future(self._get(url, wait)) for url in urls]
                    try:
                        return sum(await asyncio.gather(*gets))
                    finally:
                        for get in gets:
                            get.cancel()  # one failed: the others end with it
        return None

    async def _compute(self, task: CpuTask, job: Job) -> None:
        if not self._yield_every:
            compute_to_end(task, job)
            return
        while True:
            with job.timing.work():
                finished = task.run(self._yield_every)
            if finished:
                return
            yielded = time.monotonic_ns()
            await asyncio.sleep(0)
            job.timing.end_yield(yielded)

    async def _get(self, url: str, wait: WaitPhase) -> int:
        with TracedGet(wait.parent, url) as get:
            async with self._client.stream("GET", url, headers=get.headers) as response:
                get.answered(response)
                received = 0
                async for chunk in response.aiter_bytes():
                    received += len(chunk)
        wait.done()
        return received
