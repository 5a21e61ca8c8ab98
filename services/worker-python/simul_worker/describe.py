"""
What Describe answers: the model, its live counters, the peaks of threads, children and memory
(sampled every 50 ms in the background and at each Describe, so a burst between two Describe
calls is not missed), every setting, and the typed capabilities the orchestrator reads.
"""

import asyncio
import os
import platform
import socket
from dataclasses import dataclass

from simul_worker import stats
from simul_worker.admission import Admission
from simul_worker.contract import worker_pb2
from simul_worker.models.model import Model
from simul_worker.settings import Settings

_PEAK_SAMPLE_SECONDS = 0.05


@dataclass
class _Peaks:
    threads: int = 0
    rss_bytes: int = 0
    child_processes: int = 0


class Description:
    def __init__(self, model: Model, admission: Admission, settings: Settings) -> None:
        self._model = model
        self._admission = admission
        self._instance = f"{socket.gethostname()}:{os.getpid()}"
        self._peaks = _Peaks()
        self.settings = {
            **model.settings,
            "upstream": settings.upstream,
            "max_queue": str(settings.max_queue),
            "max_in_flight": str(settings.max_in_flight),
            "work_clock": "thread cpu time",
        }
        self._capabilities = worker_pb2.Capabilities(
            runtime=worker_pb2.Runtime(name="cpython", version=platform.python_version()),
            work_clock=worker_pb2.WORK_CLOCK_THREAD_CPU,
            max_queue=settings.max_queue,
            max_in_flight=settings.max_in_flight,
        )
        self._capabilities.MergeFrom(model.capabilities)

    def now(self) -> worker_pb2.WorkerInfo:
        threads, rss, children = self._sample()
        children_rss, children_pss = self._model.children_memory()
        return worker_pb2.WorkerInfo(
            model=self._model.name,
            pid=os.getpid(),
            instance=self._instance,
            threads=threads,
            child_processes=children,
            in_flight=self._admission.in_flight,
            completed=self._admission.completed,
            rss_bytes=rss,
            settings=self.settings,
            queue_length=self._model.queue_length,
            expired_in_queue=self._model.expired_in_queue,
            started=self._model.started,
            rejected=self._admission.rejected,
            peak_threads=self._peaks.threads,
            peak_child_processes=self._peaks.child_processes,
            peak_rss_bytes=self._peaks.rss_bytes,
            spawned=self._model.spawned,
            children_rss_bytes=children_rss,
            children_pss_bytes=children_pss,
            cpu_seconds=stats.cpu_seconds() + self._model.helper_cpu_seconds(),
            slot_seconds=self._model.slot_seconds,
            jit_seconds=0.0,  # CPython compiles nothing at run time
            capabilities=self._capabilities,
        )

    async def sample_peaks(self) -> None:
        while True:
            self._sample()
            await asyncio.sleep(_PEAK_SAMPLE_SECONDS)

    def _sample(self) -> tuple[int, int, int]:
        threads, rss = stats.threads_and_rss()
        children = self._model.child_processes
        peaks = self._peaks
        peaks.threads = max(peaks.threads, threads)
        peaks.rss_bytes = max(peaks.rss_bytes, rss)
        peaks.child_processes = max(peaks.child_processes, children)
        return threads, rss, children
