"""
python-asyncio and python-asyncio-blocking: every request runs on ONE asyncio event loop.

The loop is the model's own, on a thread of its own beside the transport's loop (as .NET's event
loop thread beside Kestrel): requests are handed to it, while Describe, health and reflection
keep answering on the transport's loop. So when this loop is blocked, the orchestrator (which
samples Describe every 100 ms) measures the stall instead of being stalled by it.

python-asyncio awaits: while a request waits, the loop runs others; CPU work yields every
YieldEvery steps. python-asyncio-blocking is seed 002's pitfall: blocking waits (a timed sleep,
httpx.Client) inside `async def`, so nothing else runs on the loop while a request waits, and
requests run one after another. Requests not yet started on the loop queue; past MaxQueue they
are refused, and one whose caller goes while it waits never starts.
"""

import asyncio
import concurrent.futures
import threading
from functools import partial

from simul_worker.awaiting import AwaitingDriver
from simul_worker.blocking import BlockingDriver
from simul_worker.blocking_http import BlockingHttp
from simul_worker.contract import worker_pb2
from simul_worker.gate import Place, QueueGate
from simul_worker.job import Job
from simul_worker.models.handoff import settle, until_stopped
from simul_worker.models.model import Model
from simul_worker.settings import Settings

_ONE_LOOP = worker_pb2.ComputeLimit(kind=worker_pb2.ComputeLimit.EVENT_LOOP, count=1)


class AsyncioModel(Model):
    def __init__(self, settings: Settings) -> None:
        self._blocking = BlockingDriver(settings.upstream, BlockingHttp()) if settings.blocking_waits else None
        self._awaiting = None if settings.blocking_waits else AwaitingDriver(settings.upstream, settings.yield_every)
        self._gate = QueueGate(settings.max_queue, "the event loop is busy")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="model event loop", daemon=True)
        yield_every = 0 if settings.blocking_waits else settings.yield_every  # blocking code never yields
        self.name = "python-asyncio-blocking" if settings.blocking_waits else "python-asyncio"
        self.settings = {"event_loop": "true", "blocking_waits": str(settings.blocking_waits).lower(), "yield_every": str(yield_every)}
        self.capabilities = worker_pb2.Capabilities(
            family=worker_pb2.FAMILY_ASYNC,
            limit=worker_pb2.ConcurrencyLimit(kind=worker_pb2.ConcurrencyLimit.EVENT_LOOP, count=1) if settings.blocking_waits
            else worker_pb2.ConcurrencyLimit(kind=worker_pb2.ConcurrencyLimit.NONE, count=0),
            compute=_ONE_LOOP,
            waits_block_loop=settings.blocking_waits,
            yield_every=yield_every,
            detail="" if settings.blocking_waits else f"yield {yield_every}" if yield_every else "never yields",
        )

    @property
    def not_ready_reason(self) -> str | None:
        return None if self._thread.is_alive() else "the event loop thread has stopped"

    def start(self) -> None:
        self._thread.start()

    async def run(self, job: Job) -> int:
        ended = concurrent.futures.Future()
        # Expired in the queue, the call ends at once, not when the (maybe blocked) loop gets to it.
        with self._gate.join(job.cancellation, expired=ended.cancel) as place:
            self._loop.call_soon_threadsafe(self._start, job, place, ended)
            return await until_stopped(ended, job.cancellation)

    def _start(self, job: Job, place: Place, ended: concurrent.futures.Future) -> None:
        """On the model's loop: the request as a task, which the call's cancellation cancels,
        and whose end (not a request to cancel it) ends the call."""
        task = self._loop.create_task(self._serve(job, place))
        job.cancellation.on_cancel(partial(self._loop.call_soon_threadsafe, task.cancel))
        task.add_done_callback(partial(settle, ended))

    async def _serve(self, job: Job, place: Place) -> int:
        place.start(job.timing)
        job.timing.thread_id = threading.get_native_id()
        if self._blocking:
            # The pitfall itself: blocking calls inside async def hold the loop's thread.
            return self._blocking.run(job)
        return await self._awaiting.run(job)

    async def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        await asyncio.to_thread(self._thread.join)
