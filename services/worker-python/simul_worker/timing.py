"""
Where one request's time goes, in microseconds: queue, spawn, work (the thread's CPU time of the
compute steps), wait (until what was waited for was done), ready (runnable, waiting for a core)
and lock (waiting for the GIL); total is wall time from arrival, and what the phases do not
explain is "other". The phases are also spans under the request's span, so a trace draws the
timeline; a span costs about as much as a tiny request's work, so spans are kept to what a trace
UI shows: a run of work phases that nothing came between is one span, a queue gets one only
from a millisecond, and a request that is nothing but a moment's work (one run shorter than that,
no other phase span) none: its server span is that work. Only the first 32 work and wait phases
are in spans (a request can have thousands); later ones count in the totals only. With
`timeline` the reply carries the first 128 phases in time.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from simul_worker.contract import worker_pb2
from simul_worker.stats import thread_schedule
from simul_worker.tracing import Span

PHASES = ("queue", "spawn", "work", "wait", "ready", "lock")
DETAILED_PHASE_LIMIT = 32
SEGMENT_LIMIT = 128
# The shortest phase a trace UI shows: a queue shorter gets no span (an idle loop resumes, or a
# free pool starts, in microseconds), and nor does a request's only phase, a run of work.
_VISIBLE_PHASE_NS = 1_000_000


class RequestTiming:
    def __init__(self, span: Span, timeline: bool) -> None:
        self.span = span  # the request's span: its phases' spans hang under it
        self.arrived = time.monotonic_ns()
        self._arrived_unix = time.time_ns()
        self._us = dict.fromkeys(PHASES, 0)
        self._segments: list[worker_pb2.Segment] | None = [] if timeline else None
        self.phases = 0  # work and wait phases so far, detailed or not
        self._run: list[int] | None = None  # the run of work not yet a span: start, end, cpu_us, steps
        self._spanned = False  # whether any phase has had a span
        self.thread_id = 0  # the OS thread the work started on
        self.process_id = os.getpid()  # the worker's, or the process model's child's

    @property
    def wants_timeline(self) -> bool:
        return self._segments is not None

    @property
    def arrived_unix_us(self) -> int:
        return self._arrived_unix // 1_000

    def unix_ns(self, monotonic_ns: int) -> int:
        return self._arrived_unix + monotonic_ns - self.arrived

    def end_queue(self, since: int) -> None:
        """Waiting for a pool thread, a child slot or the loop, from `since` until now."""
        self._record("queue", since, time.monotonic_ns(), span_step="admission")

    def end_yield(self, since: int) -> None:
        """Time a request that stepped aside on the loop waited to run again: queue, without a
        span (a request can yield thousands of times)."""
        self._record("queue", since, time.monotonic_ns())

    def end_spawn(self, since: int, spawn_us: int) -> None:
        """From before the child process started (`since`) until it began work."""
        self._record("spawn", since, since + spawn_us * 1_000, span_step="process start")

    def add_child(self, child: worker_pb2.Timing, child_started_unix_us: int, phases: int) -> None:
        """What the process model's child measured, its segments moved onto this timeline."""
        for phase in ("queue", "work", "wait", "ready"):
            self._us[phase] += getattr(child, f"{phase}_us")
        self.phases += phases
        if self._segments is not None:
            offset = child_started_unix_us - self.arrived_unix_us
            room = SEGMENT_LIMIT - len(self._segments)
            self._segments.extend(worker_pb2.Segment(phase=s.phase, start_us=s.start_us + offset, duration_us=s.duration_us)
                                  for s in child.segments[:room])

    @contextmanager
    def work(self) -> Iterator[None]:
        """A compute step: the thread's CPU time inside the block is work."""
        started, cpu = time.monotonic_ns(), time.thread_time_ns()
        self.phases += 1
        detailed = self.phases <= DETAILED_PHASE_LIMIT and self.span.recording
        try:
            yield
        finally:
            cpu_us = (time.thread_time_ns() - cpu) // 1_000
            ended = time.monotonic_ns()
            self._record("work", started, ended, us=cpu_us)
            if detailed:
                run = self._run
                self._run = [started, ended, cpu_us, 1] if run is None else [run[0], ended, run[2] + cpu_us, run[3] + 1]

    def wait(self, step: str, awaited: bool) -> "WaitPhase":
        """A wait (step: sleep, fetch); awaiting code's resumption after it is queue."""
        return WaitPhase(self, step, awaited)

    @contextmanager
    def holding_thread(self, lock_counts: bool) -> Iterator[None]:
        """
        The request holds the calling OS thread inside the block (a pool thread, a child's main
        thread): its time on the run queue is ready. On the threads model, the thread's time that
        is neither running, nor ready, nor in one of the request's waits is time waiting for the
        GIL: lock = wall - running - ready - wait, not below 0.
        """
        before, started, waited_us = thread_schedule(), time.monotonic_ns(), self._us["wait"]
        try:
            yield
        finally:
            after, wall = thread_schedule(), time.monotonic_ns() - started
            ready = after.ready - before.ready
            self._us["ready"] += ready // 1_000
            if lock_counts:
                waits = (self._us["wait"] - waited_us) * 1_000
                self._us["lock"] += max(0, wall - (after.running - before.running) - ready - waits) // 1_000

    def finish(self) -> worker_pb2.Timing:
        self._end_work_run(last=True)
        us, total = self._us, (time.monotonic_ns() - self.arrived) // 1_000
        # A blocking fetch's wait ends when its call returns, so the thread's wait for a core once
        # the reply was in is both wait and ready: counted once, so the phases fit in the total.
        explained = us["queue"] + us["spawn"] + us["work"] + us["wait"] + us["lock"]
        ready = min(us["ready"], max(0, total - explained))
        timing = worker_pb2.Timing(queue_us=us["queue"], spawn_us=us["spawn"], work_us=us["work"], wait_us=us["wait"],
                                   ready_us=ready, lock_us=us["lock"], total_us=total)
        if self._segments is not None:
            timing.segments.extend(self._segments)
        return timing

    def _wait_span(self, step: str, started: int) -> Span | None:
        self._end_work_run()
        self.phases += 1
        if self.phases > DETAILED_PHASE_LIMIT or not self.span.recording:
            return None
        self._spanned = True
        return self.span.child("wait", self.unix_ns(started)).set("simul.phase", "wait").set("simul.step", step)

    def _end_work_run(self, last: bool = False) -> None:
        """The span of the run of work phases so far, if any: from the first one's start to the
        last one's end, with their CPU time and, when more than one, how many they were. The
        request's last run, when it is all the request did and too short to see, has none: the
        server span is that work (its simul.work_us)."""
        if self._run is None:
            return
        start, end, cpu_us, steps = self._run
        self._run = None
        if last and not self._spanned and end - start < _VISIBLE_PHASE_NS:
            return
        self._spanned = True
        span = self.span.child("work", self.unix_ns(start)).set("simul.phase", "work").set("simul.step", "compute").set("simul.cpu_us", cpu_us)
        if steps > 1:
            span.set("simul.steps", steps)
        span.end(self.unix_ns(end))

    def _record(self, phase: str, start: int, end: int, us: int | None = None, span_step: str | None = None) -> None:
        """A phase between two monotonic instants: its time (the wall time between them, unless
        `us` says otherwise: work counts CPU time) to its total, its segment to the timeline when
        one is kept, and with `span_step` a span of it to the trace (a queue's only when it is
        visible). Any phase but work ends a run of work."""
        self._us[phase] += (end - start) // 1_000 if us is None else us
        if phase != "work":
            self._end_work_run()
        if span_step is not None and self.span.recording and (phase != "queue" or end - start >= _VISIBLE_PHASE_NS):
            self._spanned = True
            self.span.child(phase, self.unix_ns(start)).set("simul.phase", phase).set("simul.step", span_step).end(self.unix_ns(end))
        if self._segments is not None and end > start and len(self._segments) < SEGMENT_LIMIT:
            self._segments.append(worker_pb2.Segment(phase=phase, start_us=(start - self.arrived) // 1_000,
                                                     duration_us=(end - start) // 1_000))


class WaitPhase:
    """
    One wait. It ends when what it waited for is done, not when the code after it runs: a sleep at
    its due time, a fetch when its reply is in (the GETs mark it done). Awaiting code then waits
    for the loop to run it again: that is queue (a span of its own, step "resume", when a trace
    would show it). In blocking code the rest is the thread's: a core (ready), the GIL (lock).
    """

    def __init__(self, timing: RequestTiming, step: str, awaited: bool) -> None:
        self._timing = timing
        self._awaited = awaited
        # One instant for the phase and its span, so the span is exactly the wait.
        self._started = time.monotonic_ns()
        self._span = timing._wait_span(step, self._started)
        self._due: int | None = None
        self._done: int | None = None

    @property
    def parent(self) -> Span:
        """Where what the wait calls (a GET) hangs: its own span, or the request's past the 32nd phase."""
        return self._span or self._timing.span

    def due_in(self, seconds: float) -> None:
        self._due = self._started + int(seconds * 1e9)

    def done(self) -> None:
        """What was waited for is in (one GET of several: the last one ends the wait)."""
        self._done = max(self._done or 0, time.monotonic_ns())

    def __enter__(self) -> "WaitPhase":
        return self

    def __exit__(self, *_: object) -> None:
        resumed = time.monotonic_ns()
        done = min(self._done, resumed) if self._done else resumed
        ended = min(self._due, done) if self._due else done
        self._timing._record("wait", self._started, ended)
        if self._span:
            self._span.end(self._timing.unix_ns(ended))
        if self._awaited and resumed > ended:
            self._timing._record("queue", ended, resumed, span_step="resume" if self._span else None)
