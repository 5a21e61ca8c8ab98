"""
The process model's children: each forked by multiprocessing's fork server for one request,
answering over a pipe (its ChildReply, its spans, its count of phases), and reaped when it exits.
Why the fork server is in process.py; what it preloads, in fork_server.py.
"""

import asyncio
import multiprocessing
import multiprocessing.forkserver
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from simul_worker import stats
from simul_worker.contract import otlp_pb2, work_pb2
from simul_worker.errors import Status, WorkloadError
from simul_worker.job import Job
from simul_worker.models import child
from simul_worker.tracing import SpanSink

# Describe comes every 100 ms; reading every child's smaps_rollup that often would cost the
# measured window CPU that grows with the children.
_MEMORY_READ_EVERY_NS = 500_000_000


class Children:
    def __init__(self, upstream: str, child_spans: Callable[[int], SpanSink | None]) -> None:
        self._upstream = upstream
        self._child_spans = child_spans  # where a child's spans go, given its pid
        self._forks = multiprocessing.get_context("forkserver")
        self._forks.set_forkserver_preload(["simul_worker.models.fork_server"])
        self._fork_server_pid = 0
        self._alive: dict[int, Child] = {}
        self._memory = (0, 0)
        self._memory_read_at = 0
        self.spawned = 0

    @property
    def alive(self) -> int:
        return len(self._alive)

    def memory(self) -> tuple[int, int]:
        """Resident and proportional bytes of the live children, read at most twice a second."""
        if time.monotonic_ns() - self._memory_read_at >= _MEMORY_READ_EVERY_NS:
            pids = list(self._alive)  # a snapshot: children come and go meanwhile
            self._memory = (sum(map(stats.rss_of, pids)), sum(map(stats.pss_of, pids)))
            self._memory_read_at = time.monotonic_ns()
        return self._memory

    def fork_server_cpu_seconds(self) -> float:
        """The fork server reaps the children, so their CPU time is in its counters."""
        return stats.cpu_seconds(self._fork_server_pid) if self._fork_server_pid else 0.0

    def start_fork_server(self) -> str | None:
        """Starts the fork server and has it fork one child, which waits out the preload (so the
        first request does not) and tells the fork server's pid, every child's parent. Returns
        why no child can be started, or None."""
        multiprocessing.forkserver.ensure_running()
        replies, reply_to = self._forks.Pipe(duplex=False)
        warm_up = self._forks.Process(target=child.report_parent, args=(reply_to,), name="warm-up child")
        warm_up.start()
        reply_to.close()
        try:
            self._fork_server_pid, preloaded = replies.recv()
        except EOFError:
            return "the fork server's first child died without answering: see the worker's log"
        finally:
            replies.close()
            warm_up.join()
            warm_up.close()
        return None if preloaded else "the fork server could not import simul_worker: PYTHONPATH must name services/worker-python"

    def spawn(self, job: Job) -> "Child":
        replies, reply_to = self._forks.Pipe(duplex=False)
        orders = child.Orders(item=job.item.SerializeToString(), upstream=self._upstream, fork_server_pid=self._fork_server_pid,
                              trace=job.timing.span.context, recording=job.timing.span.recording, timeline=job.timing.wants_timeline)
        process = self._forks.Process(target=child.serve, args=(orders, reply_to), name="request child")
        spawn_started, spawn_started_unix_us = time.monotonic_ns(), time.time_ns() // 1_000
        try:
            process.start()  # the fork server forks; this process only waits for the pid
        finally:
            reply_to.close()
        self.spawned += 1
        spawned = Child(process, replies, spawn_started, spawn_started_unix_us, self._child_spans(process.pid))
        self._alive[spawned.pid] = spawned
        spawned.exited.add_done_callback(lambda _: self._alive.pop(spawned.pid))
        return spawned

    async def close(self) -> None:
        """Kills the children still alive and waits until they are reaped."""
        exits = [alive.exited for alive in self._alive.values()]
        for alive in self._alive.values():
            alive.kill()
        await asyncio.gather(*exits, return_exceptions=True)


class Child:
    """One child, from its start until it has been reaped (`exited`, whose result is its exit code)."""

    def __init__(self, process: BaseProcess, replies: Connection, spawn_started: int, spawn_started_unix_us: int,
                 spans: SpanSink | None) -> None:
        self._process = process
        self.pid = process.pid
        self._replies = replies
        self._spawn_started = spawn_started  # monotonic ns, before Process.start()
        self._spawn_started_unix_us = spawn_started_unix_us
        self._spans = spans
        self.exited = asyncio.create_task(self._reaped())

    def kill(self) -> None:
        if not self.exited.done():  # once reaped, its pid may be another process's
            self._process.kill()

    async def answer(self, job: Job) -> int:
        """The child's answer, with its timing added to the request's."""
        try:
            await _readable(self._replies.fileno())
            # The reply is small and written at once, so it is whole, or about to be, once readable.
            reply_bytes, span_bytes, phases = self._replies.recv()
        except EOFError:
            exit_code = await asyncio.shield(self.exited)
            raise WorkloadError(Status.INTERNAL, f"the child process {self.pid} exited with code {exit_code} without a reply") from None
        finally:
            self._replies.close()
        reply = work_pb2.ChildReply.FromString(reply_bytes)
        job.timing.end_spawn(self._spawn_started, max(0, reply.started_unix_us - self._spawn_started_unix_us))
        if self._spans is not None:
            for span in otlp_pb2.ScopeSpans.FromString(span_bytes).spans:
                self._spans(span)
        if reply.WhichOneof("outcome") == "error":
            raise WorkloadError(Status(reply.error.code), reply.error.message)
        job.timing.add_child(reply.reply.timing, reply.started_unix_us, phases)
        job.timing.thread_id = reply.reply.thread_id
        job.timing.process_id = reply.reply.pid
        return reply.reply.value

    async def _reaped(self) -> int | None:
        # The fork server reaps the child and sends its exit code on the sentinel.
        try:
            await _readable(self._process.sentinel)
            self._process.join()
            return self._process.exitcode
        finally:
            self._process.close()


async def _readable(fd: int) -> None:
    loop = asyncio.get_running_loop()
    readable = loop.create_future()
    loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
    try:
        await readable
    finally:
        loop.remove_reader(fd)
