"""
python-threads: a pool of PoolThreads OS threads; each request runs start to end on one of them
and blocks while it waits (a timed wait for a sleep, httpx.Client for a GET). A thread is started
when a request finds none idle, up to PoolThreads, then kept: ThreadPoolExecutor does exactly
that. With every thread busy, requests queue; past MaxQueue they are refused.

The GIL is the lesson: the threads take turns to run Python code, so two CPU-bound requests at
once take about twice as long as one alone. Each request's lock time is how long its thread
waited for the GIL, from the thread's scheduler statistics (timing.holding_thread).
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from simul_worker.blocking import BlockingDriver
from simul_worker.blocking_http import BlockingHttp
from simul_worker.contract import worker_pb2
from simul_worker.gate import Place, QueueGate
from simul_worker.job import Job
from simul_worker.models.handoff import until_stopped
from simul_worker.models.model import Model
from simul_worker.settings import Settings


class ThreadsModel(Model):
    name = "python-threads"

    def __init__(self, settings: Settings) -> None:
        self._pool = ThreadPoolExecutor(max_workers=settings.pool_threads, thread_name_prefix="pool thread")
        self._gate = QueueGate(settings.max_queue, "all threads are busy")
        self._driver = BlockingDriver(settings.upstream, BlockingHttp())
        self.settings = {"pool_threads": str(settings.pool_threads)}
        self.capabilities = worker_pb2.Capabilities(
            family=worker_pb2.FAMILY_THREADS,
            limit=worker_pb2.ConcurrencyLimit(kind=worker_pb2.ConcurrencyLimit.THREADS, count=settings.pool_threads),
            compute=worker_pb2.ComputeLimit(kind=worker_pb2.ComputeLimit.INTERPRETER_LOCK, count=1),
        )

    async def run(self, job: Job) -> int:
        with self._gate.join(job.cancellation) as place:
            future = self._pool.submit(self._serve, job, place)
            job.cancellation.on_cancel(future.cancel)  # one still queued never takes a thread
            return await until_stopped(future, job.cancellation)

    def _serve(self, job: Job, place: Place) -> int:
        place.start(job.timing)
        job.timing.thread_id = threading.get_native_id()
        with job.timing.holding_thread(lock_counts=True):
            return self._driver.run(job)

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
